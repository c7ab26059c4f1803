import { useApi } from '@backstage/core-plugin-api';
import {
  AuditEntry,
  AuditOutcome,
  AuditQuery,
  AuditSource,
  auditOutcomes,
  auditSources,
  AuditTargetKind,
  auditTargetKinds,
} from '@h-mas/plugin-hmas-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { hmasApiRef } from '../../api';
import { auditColumns } from '../AuditLogTable/auditColumns';
import { DataTable } from '../shared/DataTable';
import { FilterBar } from '../shared/FilterBar';
import { FilterSelect } from '../shared/FilterSelect';

/** Entries per page of the audit page (the server pages; the table does not). */
export const AUDIT_PAGE_SIZE = 50;

/** A text or date-time filter of the audit page. */
function FilterField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'datetime-local';
  disabled?: boolean;
  helperText?: string;
}) {
  return (
    <TextField
      id={props.id}
      label={props.label}
      type={props.type}
      size="small"
      variant="outlined"
      value={props.value}
      disabled={props.disabled}
      helperText={props.helperText}
      // A hint says why a field is disabled: it stays readable (WCAG contrast).
      FormHelperTextProps={{ disabled: false }}
      InputLabelProps={props.type ? { shrink: true } : undefined}
      onChange={e => props.onChange(e.target.value)}
      style={{ marginRight: 8 }}
    />
  );
}

/** A `datetime-local` value (local time) as an ISO timestamp, or undefined when empty. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/**
 * The H-MAS audit log: every write to clusters, deployments, policies and presets, filtered
 * on the server by target kind and name, actor, source, outcome and time, newest first, one
 * page of {@link AUDIT_PAGE_SIZE} at a time (the cursor of the next page comes from the
 * server).
 *
 * @internal
 */
export function AuditPage() {
  const hmasApi = useApi(hmasApiRef);
  const [targetKind, setTargetKind] = useState<AuditTargetKind | ''>('');
  const [source, setSource] = useState<AuditSource | ''>('');
  const [outcome, setOutcome] = useState<AuditOutcome | ''>('');
  const [text, setText] = useState({ targetName: '', actor: '' });
  const [typed, setTyped] = useState(text);
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  // The cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const before = cursors[cursors.length - 1];
  useDebounce(() => setText(typed), 400, [typed]);

  const filters: Partial<AuditQuery> = {
    ...(targetKind ? { targetKind } : {}),
    ...(targetKind && text.targetName ? { targetName: text.targetName } : {}),
    ...(text.actor ? { actor: text.actor } : {}),
    ...(source ? { source } : {}),
    ...(outcome ? { outcome } : {}),
    ...(toIso(since) ? { since: toIso(since) } : {}),
    ...(toIso(until) ? { until: toIso(until) } : {}),
  };
  const key = JSON.stringify(filters);
  const { value, loading, error } = useAsync(
    () =>
      hmasApi.listAuditPage({
        ...filters,
        limit: AUDIT_PAGE_SIZE,
        ...(before ? { before } : {}),
      }),
    [hmasApi, key, before],
  );
  // A filter change starts again at the newest page.
  const refilter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setCursors([undefined]);
    };

  return (
    <>
      <FilterBar label="Filter the audit log" alignItems="flex-start">
        <FilterSelect<AuditTargetKind>
          id="hmas-audit-filter-kind"
          label="Kind"
          value={targetKind}
          onChange={refilter(setTargetKind)}
          options={auditTargetKinds.map(k => [k, k] as const)}
          minWidth={140}
        />
        <FilterField
          id="hmas-audit-filter-name"
          label="Name"
          value={typed.targetName}
          disabled={!targetKind}
          helperText={targetKind ? 'e.g. ml-team/llama' : 'Choose a kind first'}
          onChange={v => {
            setTyped({ ...typed, targetName: v.trim() });
            setCursors([undefined]);
          }}
        />
        <FilterField
          id="hmas-audit-filter-actor"
          label="Actor"
          value={typed.actor}
          helperText="e.g. user:default/guest"
          onChange={v => {
            setTyped({ ...typed, actor: v.trim() });
            setCursors([undefined]);
          }}
        />
        <FilterSelect<AuditSource>
          id="hmas-audit-filter-source"
          label="Via"
          value={source}
          onChange={refilter(setSource)}
          options={auditSources.map(s => [s, s] as const)}
          minWidth={130}
        />
        <FilterSelect<AuditOutcome>
          id="hmas-audit-filter-outcome"
          label="Outcome"
          value={outcome}
          onChange={refilter(setOutcome)}
          options={auditOutcomes.map(o => [o, o] as const)}
          minWidth={140}
        />
        <FilterField
          id="hmas-audit-filter-since"
          label="From"
          type="datetime-local"
          value={since}
          onChange={refilter(setSince)}
        />
        <FilterField
          id="hmas-audit-filter-until"
          label="Until"
          type="datetime-local"
          value={until}
          onChange={refilter(setUntil)}
        />
      </FilterBar>
      <DataTable<AuditEntry>
        title="Audit log"
        error={error}
        isLoading={loading}
        columns={auditColumns}
        data={value?.items ?? []}
        paged={false}
        emptyTitle="No changes match"
        emptyDescription="Every change H-MAS makes to clusters, deployments, policies and presets is listed here, whichever way it was made (portal, REST API, template or the backend's own tasks), with failed and rolled-back writes. Widen the filters to see more."
      />
      <Box display="flex" justifyContent="flex-end" alignItems="center" mt={1}>
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ marginRight: 16 }}
        >
          Page {cursors.length}
        </Typography>
        <Button
          disabled={cursors.length === 1 || loading}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </Button>
        <Button
          disabled={!value?.nextBefore || loading}
          onClick={() => setCursors([...cursors, value?.nextBefore])}
        >
          Older
        </Button>
      </Box>
    </>
  );
}
