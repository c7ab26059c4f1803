import { useApiHolder } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';

/** How long a success toast stays, in milliseconds. */
const SUCCESS_TIMEOUT_MS = 5_000;

/**
 * Confirms a write that succeeded with Backstage's toast API (a success toast that goes after
 * a few seconds), so a person knows it landed once the dialog has closed. A no-op where the
 * app has no toast API.
 *
 * @internal
 */
export function useConfirm(): (message: string) => void {
  const toastApi = useApiHolder().get(toastApiRef);
  return useCallback(
    (message: string) => {
      toastApi?.post({
        title: message,
        status: 'success',
        timeout: SUCCESS_TIMEOUT_MS,
      });
    },
    [toastApi],
  );
}
