import { Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterPlacementStatus,
  deploymentPhases,
  modelTitle,
  runtimeTitle,
} from '@h-mas/plugin-hmas-common';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useReloadable } from '../../hooks/useReloadable';
import useInterval from 'react-use/esm/useInterval';
import { DeploymentWithStatus, HmasApi, hmasApiRef } from '../../api';
import { AsyncContent } from '../shared/AsyncContent';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { accessibleTableOptions } from '../shared/DataTable';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { DialogTabs } from '../shared/DialogTabs';
import { HmasDialog } from '../shared/HmasDialog';
import { OperationNote } from './OperationNote';
import { PhaseChip } from './PhaseChip';
import { containerFacts, envText } from './deploymentFacts';
import { clusterUseLines } from '../NamespacesPage/quotaText';
import { serverMessage, statusOf } from '../PoliciesPage/errors';
import { hmasDeploymentDeletePermission } from '@h-mas/plugin-hmas-common';
import { useHmasPermission } from '../../hooks/useHmasPermission';
import { Permitted } from '../shared/Permitted';
import { FactsTable } from '../shared/FactsTable';
import { CodeText } from '../shared/CodeText';
import { Playground } from './playground/Playground';
import { UsageView } from './playground/UsageView';

const stepLabels: Record<string, string> = {
  pending: 'Submitted',
  scheduled: 'Scheduled',
  applied: 'Applied',
  'loading-model': 'Loading model',
  ready: 'Ready',
};

function ProgressView({ d }: { d: DeploymentWithStatus }) {
  const { phase } = d.status;
  const active = deploymentPhases.indexOf(phase);
  const stuck = phase === 'unschedulable' || phase === 'failed';
  let severity: 'error' | 'success' | 'info' = 'info';
  if (stuck) severity = 'error';
  else if (phase === 'ready') severity = 'success';
  return (
    <Box mb={2}>
      <Stepper activeStep={stuck ? 1 : active} alternativeLabel>
        {deploymentPhases.map((p, i) => (
          <Step key={p} completed={phase === 'ready' || (!stuck && i < active)}>
            <StepLabel error={stuck && i === 1}>{stepLabels[p]}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Alert severity={severity}>{d.status.message}</Alert>
      {d.operation && (
        <Box mt={1}>
          <Alert severity="warning">
            <OperationNote operation={d.operation} />
          </Alert>
        </Box>
      )}
    </Box>
  );
}

function Placement({ clusters }: { clusters: ClusterPlacementStatus[] }) {
  return (
    <Table<ClusterPlacementStatus>
      title="Placement"
      options={{
        ...accessibleTableOptions,
        paging: false,
        search: false,
        padding: 'dense',
        toolbar: false,
      }}
      data={clusters}
      columns={[
        { title: 'Cluster', field: 'cluster' },
        { title: 'Replicas', field: 'replicas' },
        { title: 'Ready', render: c => `${c.readyReplicas}/${c.replicas}` },
        { title: 'Health', field: 'health' },
        { title: 'Message', render: c => c.message ?? '' },
      ]}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2" color="textSecondary">
            Karmada has not placed this deployment on any cluster yet.
          </Typography>
        </Box>
      }
    />
  );
}

interface Preview {
  value?: Awaited<ReturnType<HmasApi['getDeploymentManifests']>>;
  loading: boolean;
  error?: Error;
}

/**
 * The manifests of a deployment's stored spec, asked once: when the Configuration or
 * Manifests tab is first shown, and again only when the spec itself changes (not on every
 * progress poll, nor on switching between the two tabs).
 */
function usePreview(
  id: string | undefined,
  spec: Record<string, unknown> | undefined,
  wanted: boolean,
): Preview {
  const hmasApi = useApi(hmasApiRef);
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    if (wanted) setAsked(true);
  }, [wanted]);
  const key = spec ? JSON.stringify(spec) : undefined;
  return useAsync(
    async () =>
      asked && key && id ? hmasApi.getDeploymentManifests(id) : undefined,
    [hmasApi, id, key, asked],
  );
}

/** Image, resources, effective env and probes, from the manifests the spec renders to. */
function ContainerFacts({ preview }: { preview: Preview }) {
  const { value, loading, error } = preview;
  const facts = containerFacts(value?.manifests ?? []);
  if (loading || error || !facts) {
    return <AsyncContent loading={loading} error={error} />;
  }
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">Model server</Typography>
      <FactsTable
        metadata={{
          image: facts.image,
          resources: facts.resources || 'none',
          'effective env': facts.env.length > 0 ? facts.env : 'none',
          'startup probe': facts.probes.startup ?? 'none',
          'readiness probe': facts.probes.readiness ?? 'none',
          'liveness probe': facts.probes.liveness ?? 'none',
        }}
      />
    </Box>
  );
}

/**
 * The quota use of the deployment's team namespace on the clusters it runs on (on every
 * cluster that reports one while it runs nowhere yet), and the namespace's team. Asked again
 * when its ready replicas change; a namespace that is no team namespace (404) shows nothing, nor does a
 * caller who may not read team namespaces (403).
 */
function TeamQuotaFact({ d }: { d: DeploymentWithStatus }) {
  const hmasApi = useApi(hmasApiRef);
  const { value: ns, error } = useAsync(
    () => hmasApi.getTeamNamespace(d.namespace),
    // Asked again as the deployment's pods come and go: the use changes with them.
    [hmasApi, d.namespace, d.status.readyReplicas, d.status.clusters.length],
  );
  if (error && [403, 404].includes(statusOf(error) ?? 0)) return null;
  if (error?.name === 'NotFoundError') return null;
  if (!ns && !error) return null;
  const runsOn = new Set(d.status.clusters.map(c => c.cluster));
  const usage = ns?.usage ?? [];
  const lines = clusterUseLines(
    usage.some(u => runsOn.has(u.cluster))
      ? usage.filter(u => runsOn.has(u.cluster))
      : usage,
  );
  return (
    <Box mt={2} component="section" aria-labelledby="deployment-team-quota">
      <Typography variant="subtitle2" id="deployment-team-quota">
        Team quota
      </Typography>
      {error || !ns ? (
        <Typography variant="body2" color="textSecondary">
          Quota use unavailable: {serverMessage(error)}
        </Typography>
      ) : (
        <>
          <Typography variant="body2">
            Team namespace {ns.name} of {ns.team}
          </Typography>
          {lines.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              No cluster reports the quota yet
            </Typography>
          ) : (
            lines.map(line => (
              <Typography key={line} variant="body2">
                {line}
              </Typography>
            ))
          )}
        </>
      )}
    </Box>
  );
}

function Manifests({ preview }: { preview: Preview }) {
  const { value, loading, error } = preview;
  return (
    <AsyncContent loading={loading} error={error}>
      <CodeText text={value?.yaml ?? ''} />
    </AsyncContent>
  );
}

/**
 * A deployment in detail: progress (submitted → scheduled → applied → loading model →
 * ready), placement per cluster, endpoint, env, storage, image, probes, manifests; delete
 * with confirmation.
 *
 * @internal
 */
export function DeploymentDialog(props: {
  id: string;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const hmasApi = useApi(hmasApiRef);
  const [tab, setTab] = useState(0);
  const [confirm, setConfirm] = useState(false);
  const [deleteError, setDeleteError] = useState<Error | undefined>();
  const [deleting, setDeleting] = useState(false);
  const mayDelete = useHmasPermission(hmasDeploymentDeletePermission, {
    resourceRef: props.id,
    what: 'delete this deployment (its owner and platform admins may)',
  });
  const {
    value: d,
    loading,
    error,
    retry,
  } = useReloadable(() => hmasApi.getDeployment(props.id), [hmasApi, props.id]);
  // Follow progress until the deployment is ready (or stuck); a poll waits for the read
  // before it (a slow read is not restarted, and so always answers).
  useInterval(
    () => {
      if (!loading) retry();
    },
    d && !['ready', 'failed', 'unschedulable'].includes(d.status.phase)
      ? 3000
      : null,
  );

  const preview = usePreview(d?.id, d?.spec, tab === 1 || tab === 2);

  const remove = async () => {
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await hmasApi.deleteDeployment(props.id);
      props.onDeleted();
    } catch (e) {
      setDeleteError(e as Error);
      setDeleting(false);
    }
  };

  const spec = (d?.spec ?? {}) as {
    env?: Record<string, unknown>;
    storage?: { size?: string; existingPvc?: string };
    replicas?: number;
  };

  return (
    <HmasDialog
      titleId="deployment-title"
      title={
        <>
          Deployment {d?.name ?? ''} {d && <PhaseChip phase={d.status.phase} />}
        </>
      }
      onClose={props.onClose}
      maxWidth="md"
    >
      <DialogTabs
        value={tab}
        onChange={setTab}
        labels={[
          'Overview',
          'Configuration',
          'Manifests',
          'Playground',
          'Usage',
        ]}
      />
      <DialogContent
        dividers
        // Read-only content that scrolls: keyboard users reach it (WCAG 2.1.1).
        tabIndex={0}
        style={{ minHeight: 360 }}
      >
        <AsyncContent loading={loading && !d} error={error} />
        <DialogErrorAlert error={deleteError} mb={0} />
        {d && tab === 0 && (
          <>
            <ProgressView d={d} />
            <Placement clusters={d.status.clusters} />
            <Box mt={2}>
              <FactsTable
                metadata={{
                  endpoint: `http://${d.name}.${d.namespace}.svc.cluster.local (port 80, in each cluster above)`,
                  owner: d.owner,
                  runtime: runtimeTitle(d.runtime),
                  model:
                    modelTitle(d.model) === d.model
                      ? d.model
                      : `${modelTitle(d.model)} (${d.model})`,
                  namespace: d.namespace,
                  replicas: `${d.status.readyReplicas}/${d.status.replicas} ready`,
                  created: `${new Date(d.createdAt).toLocaleString()} by ${
                    d.createdBy
                  }`,
                }}
              />
            </Box>
            <TeamQuotaFact d={d} />
          </>
        )}
        {d && tab === 1 && (
          <FactsTable
            metadata={{
              replicas: spec.replicas ?? 1,
              'env (yours)':
                Object.keys(spec.env ?? {}).length > 0
                  ? Object.entries(spec.env ?? {}).map(([k, v]) =>
                      envText(k, v),
                    )
                  : 'runtime defaults only',
              storage: spec.storage?.existingPvc
                ? `existing PVC ${spec.storage.existingPvc} (kept on delete)`
                : `model cache PVC hmas-${d.name}-model-cache${
                    spec.storage?.size ? ` (${spec.storage.size})` : ''
                  }, deleted with the deployment`,
              objects: d.objects.map(o => `${o.kind} ${o.metadata.name}`),
            }}
          />
        )}
        {d && tab === 1 && <ContainerFacts preview={preview} />}
        {d && tab === 2 && <Manifests preview={preview} />}
        {d && tab === 3 && <Playground d={d} />}
        {d && tab === 4 && <UsageView id={d.id} />}
      </DialogContent>
      <DialogActions>
        <Permitted state={mayDelete}>
          <Button
            color="secondary"
            onClick={() => setConfirm(true)}
            disabled={!d || deleting}
          >
            Delete
          </Button>
        </Permitted>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
      <ConfirmDialog
        open={confirm}
        title={`Delete ${d?.name ?? ''}?`}
        confirmLabel={deleting ? 'Deleting…' : 'Delete deployment'}
        busy={deleting}
        onCancel={() => setConfirm(false)}
        onConfirm={() => {
          setConfirm(false);
          remove();
        }}
      >
        This removes the model server from every cluster, its Service and
        policies
        {spec.storage?.existingPvc ? '' : ', and its model cache volume'}. It
        cannot be undone.
      </ConfirmDialog>
    </HmasDialog>
  );
}
