import { useApiHolder } from '@backstage/core-plugin-api';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import useAsync from 'react-use/esm/useAsync';

/** What the UI may offer for one permission. */
export interface HmasPermissionState {
  /** Still asking the permission backend: offer nothing yet. */
  loading: boolean;
  /** The permission backend allowed it (the API still checks every request). */
  allowed: boolean;
  /** Why an action is disabled, for its tooltip; undefined when allowed. */
  reason?: string;
}

/**
 * Asks the permission backend whether the signed-in user may do something, so a button is
 * disabled (with a reason) rather than answered 403. With `resourceRef` (a deployment id) a
 * resource permission is decided for that deployment (e.g. owners may change their own).
 * An app without a permission API (permissions off) allows everything, as its backend does.
 *
 * @internal
 */
export function useHmasPermission(
  permission: BasicPermission | ResourcePermission,
  options: { resourceRef?: string; what: string },
): HmasPermissionState {
  const permissionApi = useApiHolder().get(permissionApiRef);
  const { resourceRef, what } = options;
  const state = useAsync(async () => {
    if (!permissionApi) return AuthorizeResult.ALLOW;
    const { result } = await permissionApi.authorize(
      permission.type === 'resource'
        ? { permission, resourceRef }
        : { permission },
    );
    return result;
  }, [permissionApi, permission.name, resourceRef]);
  if (state.loading) return { loading: true, allowed: false };
  if (state.value === AuthorizeResult.ALLOW) {
    return { loading: false, allowed: true };
  }
  return {
    loading: false,
    allowed: false,
    reason: state.error
      ? `Could not check whether you may ${what}: ${state.error.message}`
      : `You may not ${what} (permission ${permission.name})`,
  };
}
