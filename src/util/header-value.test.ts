import { describe, expect, it } from 'vitest';
import { headerValue } from './header-value.js';

describe('headerValue', () => {
  it('sends printable ASCII as it is and percent-encodes anything else, so decoding always gives the name back', () => {
    expect(headerValue('deepseek-chat')).toBe('deepseek-chat');
    expect(headerValue('路由')).toBe('%E8%B7%AF%E7%94%B1');
    // a literal % is encoded too: "50%off" must not decode as something else
    expect(headerValue('50%off')).toBe('50%25off');
    for (const name of ['50%off', '%E8', 'naïve', 'tab\there', 'plain']) expect(decodeURIComponent(headerValue(name))).toBe(name);
  });
});
