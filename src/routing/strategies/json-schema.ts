/**
 * A small JSON Schema checker for the cascade validators: the subset models are asked to follow in tool
 * parameters and `json_schema` response formats. Supported: `type` (one or a list; `integer`), `enum`,
 * `const`, `properties`, `required`, `additionalProperties` (false or a schema), `items` (one schema),
 * `minItems`, `maxItems`, `anyOf` / `oneOf` (treated alike: at least one must match), boolean schemas.
 * Other keywords (`$ref`, `pattern`, `format`, bounds on numbers and strings) are ignored, so an unknown
 * construct never fails a valid answer. Returns the first problem with its JSON path, or undefined.
 */

const MAX_DEPTH = 64;

type Schema = Record<string, unknown>;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function matchesType(v: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return isObject(v);
    default:
      return typeOf(v) === type;
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function key(path: string, k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** The first way `value` fails `schema`, as `$.path: problem`; undefined when it conforms. */
export function checkJsonSchema(value: unknown, schema: unknown, path = '$', depth = 0): string | undefined {
  if (schema === true || schema === undefined || schema === null) return undefined;
  if (schema === false) return `${path}: not allowed`;
  if (!isObject(schema) || depth > MAX_DEPTH) return undefined;
  const s: Schema = schema;

  const type = s.type;
  if (typeof type === 'string' || Array.isArray(type)) {
    const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
    if (types.length > 0 && !types.some((t) => matchesType(value, t))) return `${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => equal(e, value))) return `${path}: ${short(value)} is not one of ${short(s.enum)}`;
  if ('const' in s && !equal(s.const, value)) return `${path}: must be ${short(s.const)}`;

  for (const k of ['anyOf', 'oneOf'] as const) {
    const alts = s[k];
    if (Array.isArray(alts) && alts.length > 0) {
      const problems = alts.map((alt) => checkJsonSchema(value, alt, path, depth + 1));
      if (problems.every((p) => p !== undefined)) return problems[0];
    }
  }

  if (isObject(value)) {
    const props = isObject(s.properties) ? s.properties : {};
    if (Array.isArray(s.required)) {
      for (const r of s.required) if (typeof r === 'string' && !Object.hasOwn(value, r)) return `${key(path, r)}: is required`;
    }
    for (const [k, v] of Object.entries(value)) {
      if (Object.hasOwn(props, k)) {
        const p = checkJsonSchema(v, props[k], key(path, k), depth + 1);
        if (p) return p;
      } else if (s.additionalProperties === false) {
        return `${key(path, k)}: unexpected property`;
      } else if (isObject(s.additionalProperties)) {
        const p = checkJsonSchema(v, s.additionalProperties, key(path, k), depth + 1);
        if (p) return p;
      }
    }
  }

  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) return `${path}: needs at least ${s.minItems} items`;
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) return `${path}: allows at most ${s.maxItems} items`;
    if (isObject(s.items) || typeof s.items === 'boolean') {
      for (let i = 0; i < value.length; i++) {
        const p = checkJsonSchema(value[i], s.items, `${path}[${i}]`, depth + 1);
        if (p) return p;
      }
    }
  }
  return undefined;
}
