import { DependencyList, useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** What {@link useReloadable} answers: react-use's async state and `retry`. @internal */
export interface Reloadable<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  /** Loads again, even while a load is in flight (whose answer is then dropped). */
  retry: () => void;
}

/**
 * Loads `fn` when `deps` change, like react-use's `useAsyncRetry`, except that `retry`
 * always loads again: react-use's `retry` does nothing while a load is in flight, so a
 * refresh asked for after a write (a new row) was lost when the list's first load was still
 * running, and the list kept showing the state from before the write. Here the newer load
 * wins; the answer of an older one is dropped. The value of the last load stays while the
 * next runs.
 *
 * @internal
 */
export function useReloadable<T>(
  fn: () => Promise<T>,
  deps: DependencyList = [],
): Reloadable<T> {
  const [attempt, setAttempt] = useState(0);
  // The caller's deps plus the attempt, as react-use's own useAsyncRetry passes them: the
  // rule cannot read a spread array, and `fn` is left out on purpose (a new closure each
  // render would reload every render).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const state = useAsync(fn, [...deps, attempt]);
  const retry = useCallback(() => setAttempt(a => a + 1), []);
  return { ...state, retry };
}
