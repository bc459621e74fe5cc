import { describe, expect, it } from 'vitest';
import { toMistralToolCallId } from './mistral-tool-call-id.js';

describe('Mistral tool-call ids', () => {
  it('keeps valid ids and maps others to 9 alphanumerics, deterministically', () => {
    expect(toMistralToolCallId('D681PevKs')).toBe('D681PevKs');
    const mapped = toMistralToolCallId('toolu_01A09q90qw90lq917835lq9');
    expect(mapped).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(toMistralToolCallId('toolu_01A09q90qw90lq917835lq9')).toBe(mapped);
  });

  it('does not collide on similar ids', () => {
    const ids = new Set(Array.from({ length: 5000 }, (_, i) => toMistralToolCallId(`call_${i}`)));
    expect(ids.size).toBe(5000);
  });
});
