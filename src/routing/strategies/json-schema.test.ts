import { describe, expect, it } from 'vitest';
import { checkJsonSchema } from './json-schema.js';

describe('checkJsonSchema (subset)', () => {
  it('checks type, including integer, lists of types and null', () => {
    expect(checkJsonSchema('a', { type: 'string' })).toBeUndefined();
    expect(checkJsonSchema(1.5, { type: 'integer' })).toBe('$: expected integer, got number');
    expect(checkJsonSchema(null, { type: ['string', 'null'] })).toBeUndefined();
    expect(checkJsonSchema([], { type: 'object' })).toBe('$: expected object, got array');
  });

  it('checks required, properties and additionalProperties, with the path of the problem', () => {
    const schema = {
      type: 'object',
      properties: { user: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } },
      required: ['user'],
    };
    expect(checkJsonSchema({}, schema)).toBe('$.user: is required');
    expect(checkJsonSchema({ user: {} }, schema)).toBe('$.user.name: is required');
    expect(checkJsonSchema({ user: { name: 'a', 'x-y': 1 } }, schema)).toBe('$.user["x-y"]: unexpected property');
    expect(checkJsonSchema({ user: { name: 'a' }, extra: 1 }, schema)).toBeUndefined();
    expect(checkJsonSchema({ a: 'x' }, { type: 'object', additionalProperties: { type: 'number' } })).toBe('$.a: expected number, got string');
  });

  it('checks enum, const, items and array length', () => {
    expect(checkJsonSchema('b', { enum: ['a'] })).toBe('$: "b" is not one of ["a"]');
    expect(checkJsonSchema({ k: [1] }, { enum: [{ k: [1] }] })).toBeUndefined();
    expect(checkJsonSchema(2, { const: 3 })).toBe('$: must be 3');
    expect(checkJsonSchema([1, 'x'], { type: 'array', items: { type: 'number' } })).toBe('$[1]: expected number, got string');
    expect(checkJsonSchema([], { type: 'array', minItems: 1 })).toBe('$: needs at least 1 items');
    expect(checkJsonSchema([1, 2], { maxItems: 1 })).toBe('$: allows at most 1 items');
  });

  it('accepts a value matching any branch of anyOf / oneOf', () => {
    const schema = { anyOf: [{ type: 'string' }, { type: 'object', required: ['id'] }] };
    expect(checkJsonSchema({ id: 1 }, schema)).toBeUndefined();
    expect(checkJsonSchema(3, schema)).toBe('$: expected string, got number');
    expect(checkJsonSchema(3, { oneOf: [{ type: 'integer' }, { type: 'number' }] })).toBeUndefined();
  });

  it('ignores keywords outside the subset and handles boolean schemas', () => {
    expect(checkJsonSchema('x', { $ref: '#/defs/a', pattern: '^y', format: 'email' })).toBeUndefined();
    expect(checkJsonSchema(1, true)).toBeUndefined();
    expect(checkJsonSchema(1, false)).toBe('$: not allowed');
  });

  it('stops at a bounded depth instead of overflowing the stack', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    let value: unknown = 1;
    for (let i = 0; i < 200; i++) {
      schema = { type: 'array', items: schema };
      value = [value];
    }
    expect(() => checkJsonSchema(value, schema)).not.toThrow();
  });
});
