import { describe, expect, it } from 'vitest';
import { PrefixCache } from './cache.js';
import type { Segment } from './request.js';

const seg = (text: string, cacheControl = false): Segment => ({ key: 'user\u0000' + text, chars: text.length, cacheControl });

describe('PrefixCache', () => {
  it('reports a seen prefix (all segments but the last) as cache reads', () => {
    const cache = new PrefixCache();
    const first = cache.account([seg('x'.repeat(400)), seg('one')], false);
    expect(first).toEqual({ prompt: 101 + 8, cacheRead: 0, cacheWrite: 0 });
    const second = cache.account([seg('x'.repeat(400)), seg('two')], false);
    expect(second).toEqual({ prompt: 101 + 8, cacheRead: 104, cacheWrite: 0 });
  });

  it('writes up to the last cache_control breakpoint and reads it back next time', () => {
    const cache = new PrefixCache();
    const first = cache.account([seg('x'.repeat(400), true), seg('one')], true);
    expect(first).toMatchObject({ cacheRead: 0, cacheWrite: 104 });
    const again = cache.account([seg('x'.repeat(400), true), seg('two')], true);
    expect(again).toMatchObject({ cacheRead: 104, cacheWrite: 0 });
    const single = [seg('y'.repeat(40), true)];
    expect(cache.account(single, true)).toMatchObject({ prompt: 14, cacheRead: 0, cacheWrite: 14 });
    expect(cache.account(single, true)).toMatchObject({ prompt: 14, cacheRead: 14, cacheWrite: 0 });
  });

  it('forgets everything on clear()', () => {
    const cache = new PrefixCache();
    const req = [seg('a'), seg('b')];
    cache.account(req, false);
    cache.clear();
    expect(cache.account(req, false).cacheRead).toBe(0);
  });
});
