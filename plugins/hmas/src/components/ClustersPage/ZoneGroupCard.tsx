import {
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import {
  gpuSharingText,
  ClusterInfo,
  formatBytes,
  formatCpu,
  parseQuantity,
  ZoneGroup,
} from '@h-mas/plugin-hmas-common';
import { accessibleTableOptions } from '../shared/DataTable';
import { GpuTypeChips, SchedulerBadge, ZoneBadge } from './badges';

/**
 * Used / allocatable, the unit said once when both share it: `188/635 cores`,
 * `1.4/5.2 TiB`, `900 GiB/4.2 TiB`.
 *
 * @internal
 */
export function usage(
  u: { allocatable: string; allocated: string },
  format: (q: string | undefined) => string,
) {
  const used = format(u.allocated);
  const total = format(u.allocatable);
  const unit = (text: string) => text.match(/^[\d.]+ (.+)$/)?.[1];
  if (unit(used) && unit(used) === unit(total)) {
    return `${used.replace(/ .+$/, '')}/${total}`;
  }
  return `${used}/${total}`;
}

const noWrap = { whiteSpace: 'nowrap' } as const;

const gpuCount = (q: string | undefined) => String(parseQuantity(q) ?? 0);

/**
 * One zone: a header summarising the zone's GPU types and schedulers, then its clusters.
 *
 * @internal
 */
export function ZoneGroupCard(props: {
  group: ZoneGroup;
  onOpenCluster: (name: string) => void;
}) {
  const { group, onOpenCluster } = props;
  const columns: TableColumn<ClusterInfo>[] = [
    {
      title: 'Cluster',
      field: 'name',
      highlight: true,
      cellStyle: noWrap,
      // Readiness under the name: one column less, so the list fits 1280 px.
      render: c => (
        <>
          <Link
            component="button"
            variant="body2"
            onClick={() => onOpenCluster(c.name)}
            style={{ textAlign: 'left' }}
          >
            {c.name}
          </Link>
          <Typography variant="caption" component="div">
            {c.ready ? (
              <StatusOK>Ready</StatusOK>
            ) : (
              <StatusError>Not ready</StatusError>
            )}
          </Typography>
        </>
      ),
    },
    // Kubernetes version and sync mode are in the cluster's dialog: the list keeps to what
    // placement decisions read, so it fits 1280 px.
    { title: 'Nodes', render: c => `${c.nodes.ready}/${c.nodes.total}` },
    { title: 'CPU', cellStyle: noWrap, render: c => usage(c.cpu, formatCpu) },
    {
      title: 'Memory',
      cellStyle: noWrap,
      render: c => usage(c.memory, formatBytes),
    },
    { title: 'GPUs', cellStyle: noWrap, render: c => usage(c.gpu, gpuCount) },
    {
      title: 'GPU types',
      render: c => {
        const sharing = c.gpuSharing && gpuSharingText(c.gpuSharing);
        if (!c.gpuTypes.length && !sharing) return '—';
        return (
          <>
            {c.gpuTypes.length > 0 && <GpuTypeChips types={c.gpuTypes} />}
            {sharing && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
                data-testid={`hmas-gpu-sharing-${c.name}`}
              >
                {sharing}
              </Typography>
            )}
          </>
        );
      },
    },
    {
      title: 'Scheduler',
      render: c =>
        c.scheduler ? <SchedulerBadge scheduler={c.scheduler} /> : '—',
    },
  ];

  const header = (
    <Box p={2}>
      <Box display="flex" alignItems="center" flexWrap="wrap">
        <Typography variant="h5" component="h2" style={{ marginRight: 8 }}>
          {group.title}
        </Typography>
        <ZoneBadge zone={group.zone} />
        <Typography variant="body2" color="textSecondary">
          {group.clusters.length}{' '}
          {group.clusters.length === 1 ? 'cluster' : 'clusters'} · CPU, memory
          and GPUs as used / allocatable
        </Typography>
      </Box>
      {(group.summary.gpuTypes.length > 0 ||
        group.summary.schedulers.length > 0) && (
        <Box mt={1} display="flex" alignItems="center" flexWrap="wrap">
          {group.summary.gpuTypes.length > 0 && (
            <>
              <Typography variant="caption" style={{ marginRight: 4 }}>
                GPU types:
              </Typography>
              <GpuTypeChips
                types={group.summary.gpuTypesShown}
                more={group.summary.moreGpuTypes}
              />
            </>
          )}
          {group.summary.schedulers.length > 0 && (
            <>
              <Typography variant="caption" style={{ margin: '0 4px 0 12px' }}>
                Schedulers:
              </Typography>
              {group.summary.schedulers.map(s => (
                <SchedulerBadge key={s} scheduler={s} />
              ))}
            </>
          )}
        </Box>
      )}
    </Box>
  );

  return (
    <Paper
      component="section"
      aria-label={group.title}
      data-testid={`zone-${group.zone}`}
    >
      {header}
      <Table<ClusterInfo>
        columns={columns}
        data={group.clusters}
        options={{
          ...accessibleTableOptions,
          paging: group.clusters.length > 20,
          pageSize: 20,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2" color="textSecondary">
              No clusters in this zone.
            </Typography>
          </Box>
        }
      />
    </Paper>
  );
}
