import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import type { TeamNamespace } from '@h-mas/plugin-hmas-common';
import useAsync from 'react-use/esm/useAsync';
import { hmasApiRef } from '../../api';

/**
 * The signed-in user's team namespace with its quota use: the one team namespace whose team
 * is among the user's ownership refs. Undefined while loading, when there is none or more
 * than one, and when it cannot be read (the zone picker works without it).
 *
 * @internal
 */
export function useCallerTeamNamespace(): TeamNamespace | undefined {
  const hmasApi = useApi(hmasApiRef);
  const identityApi = useApi(identityApiRef);
  const { value } = useAsync(async () => {
    try {
      const [{ ownershipEntityRefs }, namespaces] = await Promise.all([
        identityApi.getBackstageIdentity(),
        hmasApi.listTeamNamespaces({ usage: true }),
      ]);
      const mine = namespaces.filter(ns =>
        ownershipEntityRefs.includes(ns.team),
      );
      return mine.length === 1 ? mine[0] : undefined;
    } catch {
      return undefined;
    }
  }, [hmasApi, identityApi]);
  return value;
}
