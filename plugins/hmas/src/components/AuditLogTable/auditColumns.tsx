import { TableColumn } from '@backstage/core-components';
import { AuditEntry, AuditOutcome, toYaml } from '@h-mas/plugin-hmas-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { DiffView } from '../PoliciesPage/DiffView';
import { Disclosure } from '../shared/Disclosure';

const outcomeColor: Record<AuditOutcome, 'default' | 'primary' | 'secondary'> =
  {
    succeeded: 'default',
    failed: 'secondary',
    'rolled-back': 'primary',
  };

/**
 * An object an entry recorded under `key` in its details (e.g. the target `before` or `after`
 * the write), if any.
 *
 * @internal
 */
export function auditState(entry: AuditEntry, key: string): object | undefined {
  const value = entry.details?.[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? value
    : undefined;
}

/**
 * What an entry recorded: the diff of the target before and after the write when it
 * recorded both or either (policies, presets), else its details as YAML.
 */
function EntryDetails(props: { entry: AuditEntry; wrap?: boolean }) {
  const { entry, wrap } = props;
  if (!entry.details) return null;
  const before = auditState(entry, 'before');
  const after = auditState(entry, 'after');
  return (
    <Disclosure
      id={`hmas-audit-details-${entry.id}`}
      label={before || after ? 'Before/after' : 'Details'}
    >
      {before || after ? (
        <DiffView
          before={before ? toYaml(before) : ''}
          after={after ? toYaml(after) : ''}
          label={`Diff: ${entry.summary}`}
          wrap={wrap}
        />
      ) : (
        <Box
          component="pre"
          fontSize="0.8rem"
          m={0}
          style={
            wrap ? { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } : {}
          }
          data-testid={`audit-details-${entry.id}`}
        >
          {toYaml(entry.details)}
        </Box>
      )}
    </Disclosure>
  );
}

/**
 * The columns of a narrow audit log (a card beside others): when, who, and the change with
 * its target and outcome on one line, and its details.
 *
 * @internal
 */
export const compactAuditColumns: TableColumn<AuditEntry>[] = [
  {
    title: 'When',
    field: 'createdAt',
    render: e => new Date(e.createdAt).toLocaleString(),
    width: '11em',
    cellStyle: { whiteSpace: 'nowrap' },
  },
  {
    title: 'Who',
    field: 'actor',
    cellStyle: { wordBreak: 'normal', overflowWrap: 'anywhere' },
  },
  {
    title: 'Change',
    render: e => (
      <>
        <Typography variant="body2">{e.summary}</Typography>
        <Typography
          variant="caption"
          color="textSecondary"
          style={{ overflowWrap: 'anywhere' }}
        >
          {`${e.targetKind}/${e.targetName} · ${e.outcome} · via ${e.source}`}
        </Typography>
        {/* The details wrap: a long label line must not widen the narrow table. */}
        <EntryDetails entry={e} wrap />
      </>
    ),
  },
];

/**
 * The columns of an audit log table: when, who, via, outcome, target, and the change with
 * its details.
 *
 * @internal
 */
export const auditColumns: TableColumn<AuditEntry>[] = [
  {
    title: 'When',
    field: 'createdAt',
    render: e => new Date(e.createdAt).toLocaleString(),
    width: '13em',
    cellStyle: { whiteSpace: 'nowrap' },
  },
  { title: 'Who', field: 'actor' },
  { title: 'Via', field: 'source', width: '7em' },
  {
    title: 'Outcome',
    width: '8em',
    render: e => (
      <Chip size="small" label={e.outcome} color={outcomeColor[e.outcome]} />
    ),
  },
  { title: 'Target', render: e => `${e.targetKind}/${e.targetName}` },
  {
    title: 'Change',
    render: e => (
      <>
        <Typography variant="body2">{e.summary}</Typography>
        <EntryDetails entry={e} />
      </>
    ),
  },
];
