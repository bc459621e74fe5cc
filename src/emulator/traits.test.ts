import { describe, expect, it } from 'vitest';
import { modelTraits } from './traits.js';

describe('modelTraits', () => {
  it('reads the longest matching fault name', () => {
    expect(modelTraits('gpt-fault-429').fault).toBe('429');
    expect(modelTraits('gpt-fault-429-retry-after').fault).toBe('429-retry-after');
    expect(modelTraits('gpt-fault-429-retry-after-0')).toMatchObject({ fault: '429-retry-after', faultArg: 0 });
    expect(modelTraits('x-fault-500-once').fault).toBe('500-once');
    expect(modelTraits('x-fault-content-filter-finish').fault).toBe('content-filter-finish');
    expect(modelTraits('x-fault-slow-first-token-250')).toMatchObject({ fault: 'slow-first-token', faultArg: 250 });
    expect(modelTraits('gpt-4o-mini').fault).toBeUndefined();
  });

  it('detects reasoning, parallel and len-N switches', () => {
    expect(modelTraits('deepseek-reasoner').reasoning).toBe(true);
    expect(modelTraits('kimi-k2-thinking').reasoning).toBe(true);
    expect(modelTraits('deepseek-r1').reasoning).toBe(true);
    expect(modelTraits('gpt-4o').reasoning).toBe(false);
    expect(modelTraits('gpt-parallel').parallel).toBe(true);
    expect(modelTraits('gpt-len-500').length).toBe(500);
    expect(modelTraits('gpt-len-999999').length).toBe(8192);
  });
});
