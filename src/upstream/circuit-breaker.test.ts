import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';
import { setLogLevel } from '../util/log.js';

setLogLevel('error');

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('CircuitBreaker', () => {
  it('stays closed for unknown targets without allocating state', () => {
    const b = new CircuitBreaker();
    expect(b.isOpen('a')).toBe(false);
    expect(b.snapshot()).toEqual([]);
  });

  it('opens after N consecutive failures', () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 3, now: c.now, failureRate: 0 });
    b.onFailure('a');
    b.onFailure('a');
    expect(b.isOpen('a')).toBe(false);
    b.onFailure('a');
    expect(b.isOpen('a')).toBe(true);
    expect(b.isOpen('b')).toBe(false);
  });

  it('resets the consecutive count on success', () => {
    const b = new CircuitBreaker({ failureThreshold: 2, failureRate: 0 });
    b.onFailure('a');
    b.onSuccess('a');
    b.onFailure('a');
    expect(b.isOpen('a')).toBe(false);
  });

  it('opens on the failure rate once the window has enough requests', () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 100, failureRate: 0.5, minimumRequests: 10, now: c.now });
    for (let i = 0; i < 4; i++) {
      b.onSuccess('a');
      b.onFailure('a');
    }
    expect(b.isOpen('a')).toBe(false); // 4/8 but under the minimum volume
    b.onSuccess('a');
    b.onFailure('a');
    expect(b.isOpen('a')).toBe(true); // 5/10
  });

  it('forgets old outcomes when the window rolls over', () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 100, failureRate: 0.5, minimumRequests: 4, windowMs: 1000, now: c.now });
    b.onFailure('a');
    b.onFailure('a');
    b.onSuccess('a');
    c.advance(1000);
    b.onFailure('a');
    b.onSuccess('a');
    b.onSuccess('a');
    b.onSuccess('a');
    expect(b.isOpen('a')).toBe(false);
  });

  it('lets exactly one probe through after the cooldown, and closes on its success', () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 5000, now: c.now });
    b.onFailure('a');
    expect(b.isOpen('a')).toBe(true);
    c.advance(4999);
    expect(b.isOpen('a')).toBe(true);
    c.advance(1);
    expect(b.isOpen('a')).toBe(false); // the probe
    expect(b.isOpen('a')).toBe(true); // everyone else waits
    expect(b.snapshot()[0]!.state).toBe('half_open');
    b.onSuccess('a');
    expect(b.isOpen('a')).toBe(false);
    expect(b.isOpen('a')).toBe(false);
    expect(b.snapshot()[0]!.state).toBe('closed');
  });

  it('counts a neutral answer (a 429) neither way, but closes a half-open circuit on it', () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 5000, now: c.now, failureRate: 0 });
    for (const outcome of ['fail', 'neutral', 'fail', 'neutral', 'fail'] as const) {
      if (outcome === 'fail') b.onFailure('a');
      else b.onNeutral('a');
    }
    expect(b.isOpen('a')).toBe(true); // 503, 429, 503, 429, 503: three failures in a row for the breaker
    b.onNeutral('untouched');
    expect(b.snapshot().map((e) => e.key)).toEqual(['a']);
    c.advance(5000);
    expect(b.isOpen('a')).toBe(false); // the probe
    b.onNeutral('a'); // it reached the upstream
    expect(b.snapshot()[0]!.state).toBe('closed');
  });

  it('re-opens for a new cooldown when the probe fails', () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, now: c.now });
    b.onFailure('a');
    c.advance(1000);
    expect(b.isOpen('a')).toBe(false);
    b.onFailure('a');
    expect(b.isOpen('a')).toBe(true);
    c.advance(999);
    expect(b.isOpen('a')).toBe(true);
    c.advance(1);
    expect(b.isOpen('a')).toBe(false);
  });

  it('frees a probe slot that never reported after probeTimeoutMs', () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, probeTimeoutMs: 200, now: c.now });
    b.onFailure('a');
    c.advance(1000);
    expect(b.isOpen('a')).toBe(false);
    c.advance(199);
    expect(b.isOpen('a')).toBe(true);
    c.advance(1);
    expect(b.isOpen('a')).toBe(false);
  });

  it('reports every target in snapshot()', () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: c.now });
    b.onSuccess('ok');
    b.onFailure('bad');
    b.onFailure('bad');
    const snap = b.snapshot();
    expect(snap).toContainEqual({ key: 'ok', state: 'closed', consecutiveFailures: 0, windowRequests: 1, windowFailures: 0 });
    expect(snap).toContainEqual({
      key: 'bad',
      state: 'open',
      consecutiveFailures: 2,
      windowRequests: 2,
      windowFailures: 2,
      openedAt: c.now(),
      probeAt: c.now() + 1000,
    });
    c.advance(1000);
    expect(b.snapshot().find((s) => s.key === 'bad')!.state).toBe('half_open');
  });

  it('validates its options', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ failureRate: 2 })).toThrow(RangeError);
  });

  it('reset() forgets a target', () => {
    const b = new CircuitBreaker({ failureThreshold: 1 });
    b.onFailure('a');
    b.reset('a');
    expect(b.isOpen('a')).toBe(false);
  });
});
