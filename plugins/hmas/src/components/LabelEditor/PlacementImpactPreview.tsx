import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  KarmadaPolicyObject,
  PlacementChange,
  placementImpact,
} from '@h-mas/plugin-hmas-common';
import { HmasApi } from '../../api';

/**
 * The propagation policies a label edit can re-place, read in full. The list only holds
 * summaries, and cluster names, exclusions and field selectors do not depend on labels, so
 * only the policies that select clusters by label or field are read.
 *
 * @internal
 */
export async function loadPlacementPolicies(
  api: HmasApi,
): Promise<KarmadaPolicyObject[]> {
  const listed = await api.listPolicies();
  const selecting = listed.filter(
    p =>
      p.summary.type === 'propagation' &&
      p.summary.placement.labelSelectors.length > 0,
  );
  const read = await Promise.all(
    selecting.map(p =>
      api.getPolicy(p.kind, p.name, p.namespace || undefined).catch(e => {
        // Deleted since it was listed: it places nowhere, before or after.
        if (e instanceof ResponseError && e.response.status === 404) {
          return undefined;
        }
        throw e;
      }),
    ),
  );
  return read.filter((p): p is KarmadaPolicyObject => p !== undefined);
}

function subject(change: PlacementChange): string {
  if (change.type === 'deployment') {
    return change.namespace === 'default'
      ? `deployment ${change.name}`
      : `deployment ${change.name} in ${change.namespace}`;
  }
  return change.namespace
    ? `policy ${change.namespace}/${change.name}`
    : `policy ${change.name} (cluster-wide)`;
}

function groups(names: string[]): string {
  const label = names.length === 1 ? 'affinity group' : 'affinity groups';
  return `${label} ${names.join(', ')}`;
}

/** One line per change: who, and through which `clusterAffinities` groups. */
function describeChange(
  change: PlacementChange,
  list: 'gains' | 'losses' | 'regrouped',
): string {
  const before = change.affinityGroupsBefore;
  const after = change.affinityGroupsAfter;
  if (list === 'regrouped') {
    return `${subject(change)}: from ${groups(before)} to ${groups(after)}`;
  }
  const names = list === 'gains' ? after : before;
  return names.length > 0
    ? `${subject(change)} (${groups(names)})`
    : subject(change);
}

const headings = {
  gains: 'Would gain this cluster:',
  losses: 'Would lose this cluster:',
  regrouped: 'Would place through other affinity groups:',
} as const;

/** @internal */
export interface PlacementImpactPreviewProps {
  clusterName: string;
  before: Record<string, string>;
  after: Record<string, string>;
  /** The policies from {@link loadPlacementPolicies}, while they load, or why they did not. */
  policies: { loading: boolean; error?: Error; value?: KarmadaPolicyObject[] };
}

/**
 * Under the reclassification banner: the deployments and policies that would gain or lose
 * the cluster with the edited labels. Loading and errors only inform; saving is never held.
 *
 * @internal
 */
export function PlacementImpactPreview(props: PlacementImpactPreviewProps) {
  const { clusterName, before, after, policies } = props;
  if (policies.error) {
    return (
      <Typography variant="body2">
        Could not load the policies, so which deployments and policies would
        place differently is unknown: {policies.error.message}. You can still
        save.
      </Typography>
    );
  }
  if (!policies.value) {
    return (
      <Typography variant="body2" role="status">
        Checking which deployments and policies would place differently…
      </Typography>
    );
  }
  const impact = placementImpact({
    clusterName,
    before,
    after,
    policies: policies.value,
  });
  const lists = (['gains', 'losses', 'regrouped'] as const).filter(
    list => impact[list].length > 0,
  );
  return (
    <Box component="ul" aria-label="Placement impact" m={0} pl={2}>
      {lists.length === 0 && <li>No policy's placement changes</li>}
      {lists.map(list => (
        <li key={list}>
          {headings[list]}{' '}
          <Box component="ul" m={0} pl={2}>
            {impact[list].map(change => (
              <li
                key={`${change.policy.kind}/${change.namespace}/${change.policy.name}`}
              >
                {describeChange(change, list)}
              </li>
            ))}
          </Box>
        </li>
      ))}
    </Box>
  );
}
