import { describe, expect, it } from 'vitest';
import { flattenTextContent } from './flatten-text-content.js';

describe('flattenTextContent', () => {
  it('joins text-only arrays into one string, one paragraph per block', () => {
    expect(flattenTextContent([{ type: 'text', text: '<reminder/>' }, { type: 'text', text: 'Fix the bug.', cache_control: { type: 'ephemeral' } }])).toBe('<reminder/>\n\nFix the bug.');
    expect(flattenTextContent([{ type: 'text', text: 'one' }])).toBe('one');
    expect(flattenTextContent([])).toBe('');
  });

  it('leaves strings, null and arrays with images alone', () => {
    const withImage = [{ type: 'text' as const, text: 'see' }, { type: 'image_url' as const, image_url: { url: 'https://x.test/a.png' } }];
    expect(flattenTextContent(withImage)).toBe(withImage);
    expect(flattenTextContent('s')).toBe('s');
    expect(flattenTextContent(null)).toBeNull();
  });
});
