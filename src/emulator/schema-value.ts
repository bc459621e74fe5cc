/**
 * Builds a deterministic value that satisfies a JSON Schema well enough for tool arguments and JSON mode:
 * const/enum first, then by type; objects get their required properties (all of them when none are
 * listed). The value depends only on the schema and property paths, so tests can predict it.
 */
import { hashString } from './hash.js';
import { WORDS } from './words.js';

type Schema = { [key: string]: unknown };

const MAX_DEPTH = 8;

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function valueFromSchema(schema: unknown, path = '$'): unknown {
  return build(schema, path, isSchema(schema) ? schema : {}, 0);
}

function resolveRef(ref: string, root: Schema): unknown {
  // Only local refs (`#/$defs/X`, `#/definitions/X`) are worth supporting here.
  if (!ref.startsWith('#/')) return {};
  let node: unknown = root;
  for (const key of ref.slice(2).split('/')) {
    if (!isSchema(node)) return {};
    node = node[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function build(schema: unknown, path: string, root: Schema, depth: number): unknown {
  if (!isSchema(schema) || depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === 'string') return build(resolveRef(schema.$ref, root), path, root, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      // Prefer a non-null branch so optional-by-union fields still carry a value.
      const pick = options.find((o) => !(isSchema(o) && o.type === 'null')) ?? options[0];
      return build(pick, path, root, depth + 1);
    }
  }
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type;
  const h = hashString(path);
  switch (type) {
    case 'string':
      return stringValue(schema, h);
    case 'integer':
      return clampNumber(schema, h % 100, true);
    case 'number':
      return clampNumber(schema, (h % 100) + 0.5, false);
    case 'boolean':
      return h % 2 === 0;
    case 'null':
      return null;
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const count = Math.max(1, Math.min(min, 5));
      const items: unknown[] = [];
      for (let i = 0; i < count; i++) items.push(build(schema.items, `${path}[${i}]`, root, depth + 1));
      return items;
    }
    default:
      if (type === 'object' || isSchema(schema.properties)) return objectValue(schema, path, root, depth);
      return stringValue(schema, h);
  }
}

function objectValue(schema: Schema, path: string, root: Schema, depth: number): Record<string, unknown> {
  const props = isSchema(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  const keys = required.length > 0 ? required : Object.keys(props);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = build(props[key] ?? { type: 'string' }, `${path}.${key}`, root, depth + 1);
  return out;
}

function stringValue(schema: Schema, h: number): string {
  switch (schema.format) {
    case 'date':
      return '2025-01-15';
    case 'date-time':
      return '2025-01-15T12:00:00Z';
    case 'email':
      return 'user@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
  }
  let s = WORDS[h % WORDS.length] as string;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  while (s.length < min) s += s;
  if (typeof schema.maxLength === 'number' && s.length > schema.maxLength) s = s.slice(0, schema.maxLength);
  return s;
}

function clampNumber(schema: Schema, n: number, integer: boolean): number {
  let v = n;
  if (typeof schema.minimum === 'number' && v < schema.minimum) v = schema.minimum;
  if (typeof schema.maximum === 'number' && v > schema.maximum) v = schema.maximum;
  if (typeof schema.exclusiveMinimum === 'number' && v <= schema.exclusiveMinimum) v = schema.exclusiveMinimum + 1;
  if (typeof schema.exclusiveMaximum === 'number' && v >= schema.exclusiveMaximum) v = schema.exclusiveMaximum - 1;
  return integer ? Math.round(v) : v;
}
