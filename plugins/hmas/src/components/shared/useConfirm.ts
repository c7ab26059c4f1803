import { alertApiRef, useApiHolder } from '@backstage/core-plugin-api';
import { useCallback } from 'react';

/**
 * Confirms a write that succeeded with Backstage's alert API (a transient success message),
 * so a person knows it landed once the dialog has closed. A no-op where the app has no alert
 * API.
 *
 * @internal
 */
export function useConfirm(): (message: string) => void {
  const alertApi = useApiHolder().get(alertApiRef);
  return useCallback(
    (message: string) =>
      alertApi?.post({ message, severity: 'success', display: 'transient' }),
    [alertApi],
  );
}
