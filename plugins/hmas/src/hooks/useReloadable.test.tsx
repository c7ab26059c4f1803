import { act, renderHook, waitFor } from '@testing-library/react';
import { useReloadable } from './useReloadable';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('useReloadable', () => {
  it('loads again when retried during a load, and the newer answer wins', async () => {
    const calls = [deferred<string>(), deferred<string>()];
    let call = 0;
    const { result } = renderHook(() =>
      useReloadable(() => calls[call++].promise, []),
    );
    expect(result.current.loading).toBe(true);
    // A write happened while the first load runs: the list must be read again.
    act(() => result.current.retry());
    await waitFor(() => expect(call).toBe(2));
    // The first (older) answer arrives last but is dropped.
    await act(async () => calls[1].resolve('after the write'));
    await act(async () => calls[0].resolve('before the write'));
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.value).toBe('after the write');
  });

  it('reloads when its dependencies change and keeps the last value meanwhile', async () => {
    const load = jest.fn(async (n: number) => `value ${n}`);
    const { result, rerender } = renderHook(
      ({ n }) => useReloadable(() => load(n), [n]),
      { initialProps: { n: 1 } },
    );
    await waitFor(() => expect(result.current.value).toBe('value 1'));
    rerender({ n: 2 });
    expect(result.current.value).toBe('value 1');
    await waitFor(() => expect(result.current.value).toBe('value 2'));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('answers a failed load as an error', async () => {
    const { result } = renderHook(() =>
      useReloadable(async () => {
        throw new Error('down');
      }, []),
    );
    await waitFor(() => expect(result.current.error?.message).toBe('down'));
  });
});
