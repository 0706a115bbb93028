import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first call at once and the calls of the next interval once, at its end', () => {
    const run = vi.fn();
    const wake = throttle(run, 100);
    wake.call();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10);
    wake.call();
    wake.call();
    wake.call();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(89);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs at once again after a quiet interval', () => {
    const run = vi.fn();
    const wake = throttle(run, 100);
    wake.call();
    vi.advanceTimersByTime(150);
    wake.call();
    expect(run).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops a pending call when cancelled', () => {
    const run = vi.fn();
    const wake = throttle(run, 100);
    wake.call();
    wake.call();
    wake.cancel();
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
