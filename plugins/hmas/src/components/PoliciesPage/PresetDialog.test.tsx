import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { PolicyPreset } from '@h-mas/plugin-hmas-common';
import { buildPresetSpec, PresetDialog, presetToForm } from './PresetDialog';

const staticPreset = {
  id: 'b7d3',
  name: 'static-weights',
  title: 'Static weights',
  description: 'Two thirds to Seoul',
  placement: {
    zone: 'gpu-high',
    replicaScheduling: {
      type: 'Divided',
      weighting: {
        mode: 'static',
        weights: [
          { clusterNames: ['gpu-hp-seoul'], weight: 2 },
          { clusterNames: ['gpu-hp-tokyo'], weight: 1 },
        ],
      },
    },
    spreadBy: { field: 'region', minGroups: 1, maxGroups: 2 },
  },
  resources: { vllm: { cpu: '8', memory: '48Gi' } },
  failover: {
    tolerationSeconds: 120,
    purgeMode: 'Gracefully',
    gracePeriodSeconds: 600,
    clusterTolerationSeconds: 45,
  },
  minReplicas: 2,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  createdBy: 'user:default/ada',
} as unknown as PolicyPreset;

describe('presetToForm and buildPresetSpec', () => {
  it('round-trips a preset, keeping what the form does not show', () => {
    const { id, createdAt, updatedAt, createdBy, ...spec } = staticPreset;
    expect(buildPresetSpec(presetToForm(staticPreset), staticPreset)).toEqual(
      spec,
    );
  });

  it('drops the static weights only when the scheduling changes to Duplicated', () => {
    const form = {
      ...presetToForm(staticPreset),
      scheduling: 'Duplicated' as const,
    };
    expect(
      buildPresetSpec(form, staticPreset).placement.replicaScheduling,
    ).toEqual({ type: 'Duplicated' });
  });

  it('removes failover when unticked', () => {
    const form = { ...presetToForm(staticPreset), failover: false };
    expect(buildPresetSpec(form, staticPreset).failover).toBeUndefined();
  });
});

async function choose(label: string, option: string) {
  fireEvent.mouseDown(
    screen.getByRole('button', { name: new RegExp(`^${label} `) }),
  );
  fireEvent.click(within(screen.getByRole('listbox')).getByText(option));
  await waitFor(() =>
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
  );
}

async function renderDialog(createPreset: jest.Mock) {
  const onCreated = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi({ createPreset })]]}>
      <PresetDialog onClose={() => {}} onCreated={onCreated} />
    </TestApiProvider>,
  );
  fireEvent.change(screen.getByLabelText('Name'), {
    target: { value: 'gpu-general-divided-failover-60' },
  });
  fireEvent.change(screen.getByLabelText('Title'), {
    target: { value: 'GPU General, divided, failover after 60 s' },
  });
  await choose('Zone', 'GPU General');
  fireEvent.click(screen.getByLabelText('Divided by available replicas'));
  fireEvent.click(screen.getByLabelText('Application failover'));
  fireEvent.change(screen.getByLabelText('Toleration (seconds)'), {
    target: { value: '60' },
  });
  return { onCreated };
}

describe('PresetDialog', () => {
  it('enables the grace period only for Gracefully and refuses it with Directly', async () => {
    const createPreset = jest.fn();
    await renderDialog(createPreset);
    const grace = screen.getByLabelText('Grace period (seconds)');
    expect(grace).toBeDisabled();

    await choose('Purge mode', 'Gracefully');
    expect(grace).toBeEnabled();
    fireEvent.change(grace, { target: { value: '30' } });
    await choose('Purge mode', 'Directly');
    // Kept (and editable) so the conflict shows rather than vanishing silently.
    expect(grace).toHaveValue(30);

    fireEvent.click(screen.getByRole('button', { name: 'Create preset' }));
    expect(
      screen.getByRole('list', { name: 'Preset errors' }),
    ).toHaveTextContent(
      'failover.gracePeriodSeconds: gracePeriodSeconds requires purgeMode Gracefully',
    );
    expect(grace).toHaveAttribute('aria-invalid', 'true');
    expect(createPreset).not.toHaveBeenCalled();

    fireEvent.change(grace, { target: { value: '' } });
    expect(grace).toBeDisabled();
    expect(
      screen.queryByRole('list', { name: 'Preset errors' }),
    ).not.toBeInTheDocument();
  });

  it('submits the preset spec', async () => {
    const createPreset = jest.fn(async (spec: object) => ({
      ...spec,
      id: '1',
    }));
    const { onCreated } = await renderDialog(createPreset);
    fireEvent.click(screen.getByRole('button', { name: 'Create preset' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(createPreset).toHaveBeenCalledWith({
      name: 'gpu-general-divided-failover-60',
      title: 'GPU General, divided, failover after 60 s',
      placement: {
        zone: 'gpu-general',
        replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
      },
      failover: { tolerationSeconds: 60 },
    });
  });

  it('submits the HA settings: a minimum of replicas and cluster failover', async () => {
    const createPreset = jest.fn(async (spec: object) => ({
      ...spec,
      id: '1',
    }));
    const { onCreated } = await renderDialog(createPreset);
    fireEvent.change(screen.getByLabelText('Minimum replicas'), {
      target: { value: '2' },
    });
    fireEvent.change(
      screen.getByLabelText('Cluster failover after (seconds)'),
      {
        target: { value: '30' },
      },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Create preset' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(createPreset).toHaveBeenCalledWith(
      expect.objectContaining({
        failover: { tolerationSeconds: 60, clusterTolerationSeconds: 30 },
        minReplicas: 2,
      }),
    );
  });

  it('refuses a minimum of 0 replicas at the field', async () => {
    const createPreset = jest.fn();
    await renderDialog(createPreset);
    fireEvent.change(screen.getByLabelText('Minimum replicas'), {
      target: { value: '0' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create preset' }));
    expect(
      await screen.findByRole('list', { name: 'Preset errors' }),
    ).toHaveTextContent('minReplicas');
    expect(createPreset).not.toHaveBeenCalled();
  });

  it('shows a server error in an alert', async () => {
    const createPreset = jest.fn(async () => {
      throw new Error('Invalid preset: name: a preset with this name exists');
    });
    await renderDialog(createPreset);
    fireEvent.click(screen.getByRole('button', { name: 'Create preset' }));
    expect(
      await screen.findByText(
        'Invalid preset: name: a preset with this name exists',
      ),
    ).toBeInTheDocument();
  });

  it('edits an existing preset: prefilled, name read-only, saved with updatePreset', async () => {
    const updatePreset = jest.fn(async (_id: string, spec: object) => ({
      ...staticPreset,
      ...spec,
    }));
    const createPreset = jest.fn();
    const onCreated = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ updatePreset, createPreset })]]}
      >
        <PresetDialog
          preset={staticPreset}
          onClose={() => {}}
          onCreated={onCreated}
        />
      </TestApiProvider>,
    );
    expect(
      screen.getByRole('dialog', { name: 'Edit preset static-weights' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toBeDisabled();
    expect(
      screen.getByText('A preset keeps its name; create a new one to rename'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Toleration (seconds)')).toHaveValue(120);
    fireEvent.change(screen.getByLabelText('Toleration (seconds)'), {
      target: { value: '60' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save preset' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(createPreset).not.toHaveBeenCalled();
    const [id, spec] = updatePreset.mock.calls[0] as [string, any];
    expect(id).toBe('b7d3');
    expect(spec.failover).toEqual({
      tolerationSeconds: 60,
      purgeMode: 'Gracefully',
      gracePeriodSeconds: 600,
      clusterTolerationSeconds: 45,
    });
    expect(spec.minReplicas).toBe(2);
    expect(spec.resources).toEqual({ vllm: { cpu: '8', memory: '48Gi' } });
    expect(spec.placement.replicaScheduling.weighting.mode).toBe('static');
  });
});
