import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  AuditEntry,
  PolicyKind,
  PolicySummary,
  toYaml,
} from '@h-mas/plugin-hmas-common';
import useAsync from 'react-use/esm/useAsync';
import { hmasApiRef } from '../../api';
import { auditState } from '../AuditLogTable/auditColumns';
import { describePlacement } from './describePolicy';
import { DiffView } from './DiffView';
import { Disclosure } from '../shared/Disclosure';
import { policyRef } from './policyRef';
import { ErrorPanel } from '../shared/ErrorPanel';

function detail(entry: AuditEntry, key: string): unknown {
  return entry.details?.[key];
}

function versions(entry: AuditEntry): string | undefined {
  const from = detail(entry, 'fromResourceVersion');
  const to = detail(entry, 'resourceVersion');
  if (typeof from === 'string' && typeof to === 'string') {
    return `resourceVersion ${from} → ${to}`;
  }
  return typeof to === 'string' ? `resourceVersion ${to}` : undefined;
}

function placementAfter(entry: AuditEntry): string | undefined {
  const summary = detail(entry, 'summary') as PolicySummary | undefined;
  if (!summary || typeof summary !== 'object' || !('type' in summary)) {
    return undefined;
  }
  try {
    const text = describePlacement(summary);
    return summary.type === 'override'
      ? `Overrides after: ${text}`
      : `Placement after: ${text}`;
  } catch {
    // An entry written by another version of the backend: its summary is not shown.
    return undefined;
  }
}

/** A "Show diff" button and, once pressed, the YAML diff of the policy before and after. */
function EntryDiff(props: { entry: AuditEntry }) {
  const { entry } = props;
  const before = auditState(entry, 'before');
  const after = auditState(entry, 'after');
  if (!before && !after) {
    return detail(entry, 'statesOmitted') === true ? (
      <Typography variant="body2" color="textSecondary">
        The policy was too large to record its before and after.
      </Typography>
    ) : null;
  }
  const label = [entry.summary, versions(entry)].filter(Boolean).join(', ');
  return (
    <Disclosure
      id={`hmas-policy-change-${entry.id}`}
      label="Show diff"
      openLabel="Hide diff"
    >
      <DiffView
        before={before ? toYaml(before) : ''}
        after={after ? toYaml(after) : ''}
        label={`Diff: ${label}`}
      />
    </Disclosure>
  );
}

/**
 * The audit entries of one policy, newest first: who changed it, when, through which path
 * and what: the resourceVersions, the placement after the write and, collapsed, a YAML diff
 * of the labels, annotations and spec before and after it. Entries written before the audit
 * log kept those (or of a policy too large to keep) show the summary only.
 *
 * @internal
 */
export function PolicyChanges(props: {
  kind: PolicyKind;
  name: string;
  namespace?: string;
  /** Changes when the policy was saved, to read the log again. */
  version?: string;
}) {
  const hmasApi = useApi(hmasApiRef);
  const { kind, name, namespace, version } = props;
  const target = policyRef({ name, namespace });
  const { value, loading, error } = useAsync(
    () => hmasApi.listAudit({ targetKind: 'policy', targetName: target }),
    [hmasApi, target, version],
  );

  if (loading) return <Progress aria-label="Loading changes" />;
  if (error) {
    return (
      <ErrorPanel error={error} what="The policy's changes could not be read" />
    );
  }
  // The target name is namespace/name for every kind: keep this kind's entries.
  const entries = (value ?? []).filter(e => {
    const entryKind = detail(e, 'kind');
    return entryKind === undefined || entryKind === kind;
  });
  if (entries.length === 0) {
    return (
      <Typography color="textSecondary">
        No changes recorded for this policy. Writes made through H-MAS (portal,
        REST API, templates) are listed here; a deployment&apos;s own policy is
        recorded with the deployment.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Changes to this policy">
      {entries.map(e => (
        <ListItem key={e.id} divider alignItems="flex-start">
          {/* minWidth 0: a long diff line scrolls inside the diff, not the dialog. */}
          <Box flex={1} minWidth={0}>
            <ListItemText
              primary={e.summary}
              secondaryTypographyProps={{ component: 'div' }}
              secondary={
                <>
                  <div>
                    {e.actor} · {new Date(e.createdAt).toLocaleString()} · via{' '}
                    {e.source}
                    {versions(e) ? ` · ${versions(e)}` : ''}
                  </div>
                  {placementAfter(e) && <div>{placementAfter(e)}</div>}
                </>
              }
            />
            <EntryDiff entry={e} />
          </Box>
        </ListItem>
      ))}
    </List>
  );
}
