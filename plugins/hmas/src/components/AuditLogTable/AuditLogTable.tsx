import { useApi } from '@backstage/core-plugin-api';
import type { AuditEntry, AuditQuery } from '@h-mas/plugin-hmas-common';
import useAsync from 'react-use/esm/useAsync';
import { hmasApiRef } from '../../api';
import { DataTable } from '../shared/DataTable';
import { auditColumns, compactAuditColumns } from './auditColumns';

/** @public */
export interface AuditLogTableProps {
  /** Restricts the log to one target, e.g. one cluster. */
  target?: Pick<AuditQuery, 'targetKind' | 'targetName'>;
  title?: string;
  /**
   * Fewer, wider columns (when, who, change), for a card that shares the page width with
   * others: target, outcome and source go under the change.
   */
  compact?: boolean;
}

/**
 * The H-MAS audit log, newest first, with loading, empty and error states.
 *
 * @public
 */
export function AuditLogTable(props: AuditLogTableProps) {
  const hmasApi = useApi(hmasApiRef);
  const { targetKind, targetName } = props.target ?? {};
  const { value, loading, error } = useAsync(
    () => hmasApi.listAudit({ targetKind, targetName }),
    [hmasApi, targetKind, targetName],
  );

  return (
    <DataTable<AuditEntry>
      title={props.title ?? 'Audit log'}
      error={error}
      isLoading={loading}
      columns={props.compact ? compactAuditColumns : auditColumns}
      data={value ?? []}
      emptyTitle="No changes recorded yet"
      emptyDescription="Every change H-MAS makes to clusters, deployments and policies is listed here, whichever way it was made (portal, REST API, template or reconciler)."
    />
  );
}
