import { describe, expect, it } from 'vitest';
import { valueFromSchema } from './schema-value.js';

describe('valueFromSchema', () => {
  it('fills required properties with values of the right types', () => {
    const v = valueFromSchema({
      type: 'object',
      properties: {
        city: { type: 'string' },
        days: { type: 'integer', minimum: 1, maximum: 7 },
        temp: { type: 'number' },
        metric: { type: 'boolean' },
        unit: { type: 'string', enum: ['c', 'f'] },
        tags: { type: 'array', items: { type: 'string' } },
        optional: { type: 'string' },
      },
      required: ['city', 'days', 'temp', 'metric', 'unit', 'tags'],
    }) as Record<string, unknown>;
    expect(Object.keys(v).sort()).toEqual(['city', 'days', 'metric', 'tags', 'temp', 'unit']);
    expect(typeof v.city).toBe('string');
    expect(Number.isInteger(v.days)).toBe(true);
    expect(v.days as number).toBeGreaterThanOrEqual(1);
    expect(v.days as number).toBeLessThanOrEqual(7);
    expect(typeof v.temp).toBe('number');
    expect(typeof v.metric).toBe('boolean');
    expect(v.unit).toBe('c');
    expect(Array.isArray(v.tags)).toBe(true);
  });

  it('uses all properties when none are required, and follows local $refs', () => {
    const v = valueFromSchema({
      type: 'object',
      properties: { a: { $ref: '#/$defs/point' }, b: { anyOf: [{ type: 'null' }, { type: 'integer' }] } },
      $defs: { point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
    }) as Record<string, unknown>;
    expect(v).toEqual({ a: { x: expect.any(Number) }, b: expect.any(Number) });
  });

  it('is deterministic', () => {
    const schema = { type: 'object', properties: { q: { type: 'string' } } };
    expect(valueFromSchema(schema)).toEqual(valueFromSchema(schema));
  });
});
