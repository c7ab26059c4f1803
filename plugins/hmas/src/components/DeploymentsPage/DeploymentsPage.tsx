import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  builtinRuntimes,
  modelTitle,
  placeableZoneIds,
  runtimeTitle,
  zoneById,
  ZoneId,
} from '@h-mas/plugin-hmas-common';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useReloadable } from '../../hooks/useReloadable';
import { DeploymentWithStatus, hmasApiRef } from '../../api';
import { DataTable } from '../shared/DataTable';
import { FilterBar } from '../shared/FilterBar';
import { FilterSelect } from '../shared/FilterSelect';
import { DeploymentDialog } from './DeploymentDialog';
import { OperationNote } from './OperationNote';
import { PhaseChip } from './PhaseChip';
import { useConfirm } from '../shared/useConfirm';

const placementOf = (d: DeploymentWithStatus) => {
  const placement = (
    d.spec as {
      placement?: { mode: string; zone?: string; clusters?: string[] };
    }
  ).placement;
  if (placement?.mode === 'zone' && placement.zone)
    return zoneById(placement.zone as ZoneId).title;
  return placement?.clusters?.join(', ') ?? '—';
};

/**
 * The model-serving catalog: every deployment with its placement, readiness and phase;
 * filters by owner, runtime, zone, status and model. `?id=<deployment id>` opens one.
 *
 * @public
 */
export function DeploymentsPage() {
  const confirm = useConfirm();
  const hmasApi = useApi(hmasApiRef);
  const [owner, setOwner] = useState('');
  const [runtime, setRuntime] = useState('');
  const [zone, setZone] = useState('');
  const [phase, setPhase] = useState('');
  const [model, setModel] = useState('');
  // The open deployment lives in the URL (`?id=`), so templates and catalog cards link to it.
  const [searchParams, setSearchParams] = useSearchParams();
  const open = searchParams.get('id') ?? undefined;
  const setOpen = useCallback(
    (id: string | undefined) =>
      setSearchParams(
        prev => {
          const next = new URLSearchParams(prev);
          if (id) next.set('id', id);
          else next.delete('id');
          return next;
        },
        { replace: !id },
      ),
    [setSearchParams],
  );
  const { value, loading, error, retry } = useReloadable(
    () =>
      hmasApi.listDeployments({
        owner: owner || undefined,
        runtime: runtime || undefined,
        zone: zone || undefined,
      }),
    [hmasApi, owner, runtime, zone],
  );

  const rows = useMemo(
    () =>
      (value ?? []).filter(
        d =>
          (!phase || d.status.phase === phase) &&
          (!model ||
            [d.model, modelTitle(d.model)].some(text =>
              text.toLowerCase().includes(model.toLowerCase()),
            )),
      ),
    [value, phase, model],
  );

  const columns: TableColumn<DeploymentWithStatus>[] = [
    {
      title: 'Name',
      field: 'name',
      highlight: true,
      cellStyle: { whiteSpace: 'nowrap' },
      // The namespace under the name: one column less, so the list fits 1280 px.
      render: d => (
        <>
          <Link
            component="button"
            variant="body2"
            onClick={() => setOpen(d.id)}
            style={{ textAlign: 'left' }}
          >
            {d.name}
          </Link>
          <Typography variant="caption" color="textSecondary" component="div">
            in {d.namespace}
          </Typography>
        </>
      ),
    },
    // An entity ref has no space to break at.
    { title: 'Owner', field: 'owner', cellStyle: { overflowWrap: 'anywhere' } },
    { title: 'Model', field: 'model', render: d => modelTitle(d.model) },
    {
      title: 'Runtime',
      field: 'runtime',
      render: d => runtimeTitle(d.runtime),
    },
    { title: 'Placement', render: placementOf },
    {
      title: 'Ready',
      render: d => `${d.status.readyReplicas}/${d.status.replicas}`,
    },
    {
      title: 'Status',
      render: d => (
        <>
          <PhaseChip phase={d.status.phase} />
          {d.operation && <OperationNote operation={d.operation} />}
        </>
      ),
    },
  ];

  const select = (
    label: string,
    current: string,
    set: (v: string) => void,
    options: Array<[string, string]>,
  ) => (
    <FilterSelect
      id={`hmas-deployments-filter-${label.toLowerCase()}`}
      label={label}
      value={current}
      onChange={set}
      options={options}
      minWidth={160}
    />
  );

  return (
    <>
      <FilterBar label="Filter the model deployments">
        <TextField
          id="hmas-deployments-filter-owner"
          label="Owner"
          size="small"
          variant="outlined"
          placeholder="group:default/ml-team"
          value={owner}
          onChange={e => setOwner(e.target.value.trim())}
          style={{ marginRight: 8 }}
        />
        {select(
          'Runtime',
          runtime,
          setRuntime,
          builtinRuntimes.map(r => [r.id, r.title]),
        )}
        {select(
          'Zone',
          zone,
          setZone,
          placeableZoneIds.map(z => [z, zoneById(z).title]),
        )}
        {select('Status', phase, setPhase, [
          ['ready', 'Ready'],
          ['loading-model', 'Loading model'],
          ['applied', 'Applied'],
          ['scheduled', 'Scheduled'],
          ['pending', 'Pending'],
          ['unschedulable', 'Unschedulable'],
          ['failed', 'Failed'],
        ])}
        <TextField
          id="hmas-deployments-filter-model"
          label="Model"
          size="small"
          variant="outlined"
          value={model}
          onChange={e => setModel(e.target.value)}
          style={{ marginRight: 8 }}
        />
        <Button startIcon={<RefreshIcon />} onClick={retry} disabled={loading}>
          Refresh
        </Button>
      </FilterBar>
      <DataTable<DeploymentWithStatus>
        title="Model deployments"
        error={error}
        isLoading={loading && !value}
        columns={columns}
        data={rows}
        emptyTitle={
          value && value.length > 0
            ? 'No deployment matches these filters'
            : 'No model deployments yet'
        }
        emptyDescription="Deploy a model through the REST API (POST /api/hmas/deployments) or a template; it shows here with its progress to Ready."
      />
      {open && (
        <DeploymentDialog
          id={open}
          onClose={() => setOpen(undefined)}
          onDeleted={() => {
            const name = value?.find(d => d.id === open)?.name;
            confirm(name ? `Deployment ${name} deleted` : 'Deployment deleted');
            setOpen(undefined);
            retry();
          }}
        />
      )}
    </>
  );
}
