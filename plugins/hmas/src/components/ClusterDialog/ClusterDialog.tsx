import { StatusError, StatusOK } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import Typography from '@material-ui/core/Typography';
import EditIcon from '@material-ui/icons/Edit';
import {
  ClusterInfo,
  formatBytes,
  formatCpu,
  parseQuantity,
  zoneById,
} from '@h-mas/plugin-hmas-common';
import { useEffect, useState } from 'react';
import { useReloadable } from '../../hooks/useReloadable';
import { hmasApiRef } from '../../api';
import { AuditLogTable } from '../AuditLogTable';
import {
  GpuTypeChips,
  SchedulerBadge,
  hasZoneBadge,
  ZoneBadge,
} from '../ClustersPage/badges';
import { LabelEditor } from '../LabelEditor';
import { AsyncContent } from '../shared/AsyncContent';
import { DialogTabs } from '../shared/DialogTabs';
import { HmasDialog } from '../shared/HmasDialog';
import { GpuReadiness } from './GpuReadiness';
import {
  gpuSharingText,
  hmasClusterLabelsUpdatePermission,
} from '@h-mas/plugin-hmas-common';
import { useHmasPermission } from '../../hooks/useHmasPermission';
import { Permitted } from '../shared/Permitted';
import { FactsTable } from '../shared/FactsTable';
import { useConfirm } from '../shared/useConfirm';

/** @internal */
export interface ClusterDialogProps {
  name: string;
  onClose: () => void;
  /** Called after a change, so the list can refresh. */
  onChanged: (cluster: ClusterInfo) => void;
}

/**
 * What to say when a cluster with GPUs names no GPU type: its GPUs are there, only the
 * `gpu-type` label (which deployments' GPU type matching and the zone header read) is not.
 */
function gpuTypesUnknownText(cluster: ClusterInfo): string | undefined {
  const gpus = parseQuantity(cluster.gpu.allocatable) ?? 0;
  if (gpus <= 0) return undefined;
  return `not labelled (${gpus} GPU${
    gpus === 1 ? '' : 's'
  }): set the gpu-type label in Labels; the GPU readiness check shows each node's product`;
}

function Overview({ cluster }: { cluster: ClusterInfo }) {
  return (
    <FactsTable
      metadata={{
        // The badge names the zone where there is one (CPU Only, Unclassified).
        zone: hasZoneBadge(cluster.zone) ? (
          <ZoneBadge zone={cluster.zone} />
        ) : (
          zoneById(cluster.zone).title
        ),
        ready: cluster.ready ? (
          <StatusOK>Ready</StatusOK>
        ) : (
          <StatusError>Not ready</StatusError>
        ),
        'Kubernetes version': cluster.kubernetesVersion ?? '—',
        nodes: `${cluster.nodes.ready} ready of ${cluster.nodes.total}`,
        CPU: `${formatCpu(cluster.cpu.allocated)} used of ${formatCpu(
          cluster.cpu.allocatable,
        )}`,
        memory: `${formatBytes(cluster.memory.allocated)} used of ${formatBytes(
          cluster.memory.allocatable,
        )}`,
        GPUs: `${cluster.gpu.allocated} used of ${cluster.gpu.allocatable}`,
        'GPU types': cluster.gpuTypes.length ? (
          <GpuTypeChips types={cluster.gpuTypes} />
        ) : (
          gpuTypesUnknownText(cluster) ?? '—'
        ),
        'GPU sharing':
          (cluster.gpuSharing && gpuSharingText(cluster.gpuSharing)) ??
          'whole GPUs',
        scheduler: cluster.scheduler ? (
          <SchedulerBadge scheduler={cluster.scheduler} />
        ) : (
          '—'
        ),
        'sync mode': cluster.syncMode,
        'API endpoint': cluster.apiEndpoint ?? '—',
        provider: cluster.provider ?? '—',
        region: cluster.region ?? '—',
      }}
    />
  );
}

/** The labels of a cluster, with the way into the editor for who may change them. */
function Labels(props: { cluster: ClusterInfo; onEdit: () => void }) {
  const mayEdit = useHmasPermission(hmasClusterLabelsUpdatePermission, {
    what: 'change cluster labels',
  });
  const labels = Object.entries(props.cluster.labels).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  return (
    <Box>
      {labels.length === 0 ? (
        <Typography variant="body2" color="textSecondary" paragraph>
          This cluster has no labels, so it is Unclassified. Add gpu-tier to
          place it in a zone.
        </Typography>
      ) : (
        <Box mb={2} data-testid="cluster-labels">
          {labels.map(([k, v]) => (
            <Chip key={k} label={`${k}=${v}`} style={{ margin: 2 }} />
          ))}
        </Box>
      )}
      <Permitted state={mayEdit}>
        <Button
          variant="outlined"
          startIcon={<EditIcon />}
          onClick={props.onEdit}
        >
          Edit labels
        </Button>
      </Permitted>
    </Box>
  );
}

/** Karmada's cluster taints, told apart from the member's node taints. */
function Taints({ cluster }: { cluster: ClusterInfo }) {
  const nodeTaints = (
    <Typography variant="body2" color="textSecondary" style={{ marginTop: 8 }}>
      These are Karmada's taints on the Cluster: they decide which policies may
      place workloads here. The member's node taints (such as the GPU nodes'
      nvidia.com/gpu taint) are separate; the GPU readiness tab checks them.
    </Typography>
  );
  if (cluster.taints.length === 0) {
    return (
      <>
        <Typography variant="body2">
          No cluster taints: Karmada may place workloads on this cluster without
          a cluster toleration.
        </Typography>
        {nodeTaints}
      </>
    );
  }
  return (
    <Box>
      {cluster.taints.map(t => (
        <Chip
          key={`${t.key}:${t.effect}`}
          label={`${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`}
          style={{ margin: 2 }}
        />
      ))}
      {nodeTaints}
    </Box>
  );
}

/**
 * A cluster in detail: overview, labels (with the editor), taints, GPU readiness and its
 * audit history.
 *
 * @internal
 */
export function ClusterDialog(props: ClusterDialogProps) {
  const { name, onClose, onChanged } = props;
  const hmasApi = useApi(hmasApiRef);
  const confirm = useConfirm();
  const [tab, setTab] = useState(0);
  // The label editor replaces the dialog's content and actions while it is open.
  const [editingLabels, setEditingLabels] = useState(false);
  const [auditVersion, setAuditVersion] = useState(0);
  const { value, loading, error, retry } = useReloadable(
    () => hmasApi.getCluster(name),
    [hmasApi, name],
  );
  const [cluster, setCluster] = useState<ClusterInfo | undefined>();
  useEffect(() => setCluster(value), [value]);

  return (
    <HmasDialog
      titleId="cluster-dialog-title"
      title={`Cluster ${name}`}
      onClose={onClose}
      maxWidth="md"
    >
      <DialogTabs
        value={tab}
        onChange={t => {
          setTab(t);
          setEditingLabels(false);
        }}
        labels={[
          'Overview',
          'Labels',
          'Cluster taints',
          'GPU readiness',
          'Audit',
        ]}
      />
      {cluster && tab === 1 && editingLabels ? (
        <LabelEditor
          cluster={cluster}
          onCancel={() => setEditingLabels(false)}
          onReload={() => {
            setEditingLabels(false);
            retry();
          }}
          onSaved={c => {
            confirm(`Labels of ${c.name} saved in Karmada`);
            setEditingLabels(false);
            setCluster(c);
            setAuditVersion(v => v + 1);
            onChanged(c);
          }}
        />
      ) : (
        <>
          <DialogContent
            dividers
            // Read-only content that scrolls: keyboard users reach it (WCAG 2.1.1).
            tabIndex={0}
            style={{ minHeight: 320 }}
          >
            <AsyncContent loading={loading && !cluster} error={error} />
            {cluster && tab === 0 && <Overview cluster={cluster} />}
            {cluster && tab === 1 && (
              <Labels cluster={cluster} onEdit={() => setEditingLabels(true)} />
            )}
            {cluster && tab === 2 && <Taints cluster={cluster} />}
            {tab === 3 && <GpuReadiness name={name} />}
            {tab === 4 && (
              <AuditLogTable
                key={auditVersion}
                title={`Changes to ${name}`}
                target={{ targetKind: 'cluster', targetName: name }}
                // The dialog is narrower than the audit page: when, who and the change.
                compact
              />
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </>
      )}
    </HmasDialog>
  );
}
