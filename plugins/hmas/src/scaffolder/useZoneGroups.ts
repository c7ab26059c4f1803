import { useApi } from '@backstage/core-plugin-api';
import type { ClusterInfo, ZoneGroup } from '@h-mas/plugin-hmas-common';
import { useReloadable } from '../hooks/useReloadable';
import { hmasApiRef } from '../api';

/**
 * The fleet's zone groups from the H-MAS API, with a retry for the error state.
 *
 * @internal
 */
export function useZoneGroups() {
  const hmasApi = useApi(hmasApiRef);
  return useReloadable(() => hmasApi.listZoneGroups(), [hmasApi]);
}

/** Ready and not-ready clusters of a group. @internal */
export function readiness(clusters: ClusterInfo[]) {
  return {
    ready: clusters.filter(c => c.ready),
    notReady: clusters.filter(c => !c.ready),
  };
}

/** Every cluster of the fleet, in zone order. @internal */
export function allClusters(groups: ZoneGroup[]): ClusterInfo[] {
  return groups.flatMap(g => g.clusters);
}
