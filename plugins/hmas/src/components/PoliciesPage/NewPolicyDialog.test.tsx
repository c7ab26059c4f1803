import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { KarmadaPolicyObject, ZoneGroup } from '@h-mas/plugin-hmas-common';
import { hmasApiRef } from '../../api';
import { fakeHmasApi, testCluster } from '../../testUtils/fakeApi';
import { NewPolicyDialog, PolicyFormEdit } from './NewPolicyDialog';
import { policyToForm } from './policyForm';

const summary = {
  clusters: 0,
  readyClusters: 0,
  gpu: { allocatable: '0', allocated: '0' },
} as unknown as ZoneGroup['summary'];

const zoneGroups: ZoneGroup[] = [
  {
    zone: 'gpu-high',
    title: 'GPU High Performance',
    summary,
    clusters: [testCluster('gpu-high-virginia', { zone: 'gpu-high' })],
  },
  {
    zone: 'gpu-general',
    title: 'GPU General',
    summary,
    clusters: [
      testCluster('gpu-gen-frankfurt', { zone: 'gpu-general' }),
      testCluster('gpu-gen-tokyo', { zone: 'gpu-general' }),
    ],
  },
  {
    zone: 'cpu-only',
    title: 'CPU Only',
    summary,
    clusters: [testCluster('cpu-oregon', { zone: 'cpu-only' })],
  },
];

const preview = () =>
  screen.getByRole('list', { name: 'Matches now' }).textContent;

async function choose(label: string, option: string) {
  fireEvent.mouseDown(
    screen.getByRole('button', { name: new RegExp(`^${label} `) }),
  );
  fireEvent.click(within(screen.getByRole('listbox')).getByText(option));
  await waitFor(() =>
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
  );
}

async function renderDialog(overrides = {}, edit?: PolicyFormEdit) {
  const onCreated = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          hmasApiRef,
          fakeHmasApi({ listZoneGroups: async () => zoneGroups, ...overrides }),
        ],
      ]}
    >
      <NewPolicyDialog onClose={() => {}} onCreated={onCreated} edit={edit} />
    </TestApiProvider>,
  );
  if (!edit) {
    await waitFor(() => expect(preview()).toContain('gpu-gen-frankfurt'));
  }
  return { onCreated };
}

describe('NewPolicyDialog', () => {
  it('previews the clusters that match the placement as it changes', async () => {
    await renderDialog();
    expect(preview()).toBe('Placement: gpu-gen-frankfurt, gpu-gen-tokyo');

    await choose('Zone', 'CPU Only');
    expect(preview()).toBe('Placement: cpu-oregon');

    await choose('Placement', 'By cluster names');
    expect(preview()).toBe('Placement: no cluster matches now');
    fireEvent.click(screen.getByLabelText('gpu-high-virginia'));
    fireEvent.click(screen.getByLabelText('cpu-oregon'));
    expect(preview()).toBe('Placement: gpu-high-virginia, cpu-oregon');

    await choose('Placement', 'Ordered fallback');
    expect(preview()).toBe('1. primary: gpu-high-virginia');
    fireEvent.click(screen.getByRole('button', { name: 'Add fallback group' }));
    expect(preview()).toBe(
      '1. primary: gpu-high-virginia2. fallback-1: gpu-gen-frankfurt, gpu-gen-tokyo',
    );
  });

  it('shows the fields that break Karmada rules and does not submit', async () => {
    const createPolicy = jest.fn();
    await renderDialog({ createPolicy });
    fireEvent.change(screen.getByLabelText('Name'), {
      target: { value: 'Bad_Name' },
    });
    fireEvent.change(screen.getByLabelText('Resource kind'), {
      target: { value: '' },
    });
    await choose('Placement', 'Ordered fallback');
    fireEvent.change(screen.getByLabelText('Group 1 affinityName'), {
      target: { value: '' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));

    const errors = screen.getByRole('list', { name: 'Policy errors' });
    expect(errors).toHaveTextContent('metadata.name: must be a DNS-1123');
    expect(errors).toHaveTextContent(
      'spec.resourceSelectors[0].kind: is required',
    );
    expect(errors).toHaveTextContent(
      'spec.placement.clusterAffinities[0].affinityName: is required',
    );
    expect(createPolicy).not.toHaveBeenCalled();
  });

  it('submits the PropagationPolicy and shows a server error naming the field', async () => {
    const createPolicy = jest
      .fn()
      .mockRejectedValueOnce(
        new Error('Invalid policy: metadata.name: already exists'),
      )
      .mockImplementation(async (p: unknown) => p);
    const { onCreated } = await renderDialog({ createPolicy });
    fireEvent.change(screen.getByLabelText('Name'), {
      target: { value: 'llama-gpu' },
    });
    fireEvent.change(screen.getByLabelText('Resource name'), {
      target: { value: 'llama' },
    });
    await choose('Placement', 'Ordered fallback');
    fireEvent.click(screen.getByRole('button', { name: 'Add fallback group' }));
    await choose('Group 2 Clusters by', 'Names');
    fireEvent.click(screen.getByLabelText('cpu-oregon'));
    fireEvent.click(
      screen.getByLabelText('Duplicated (every cluster runs all replicas)'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));

    expect(
      await screen.findByText('Invalid policy: metadata.name: already exists'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(createPolicy).toHaveBeenLastCalledWith({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'llama-gpu', namespace: 'default' },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
        ],
        placement: {
          clusterAffinities: [
            {
              affinityName: 'primary',
              labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
            },
            { affinityName: 'fallback-1', clusterNames: ['cpu-oregon'] },
          ],
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
        },
      },
    });
  });

  it('submits a zone placement divided by available replicas', async () => {
    const createPolicy = jest.fn(async (p: unknown) => p as any);
    await renderDialog({ createPolicy });
    fireEvent.change(screen.getByLabelText('Name'), {
      target: { value: 'all-deployments' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));
    await waitFor(() => expect(createPolicy).toHaveBeenCalledTimes(1));
    expect(createPolicy.mock.calls[0][0]).toMatchObject({
      spec: {
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
        placement: {
          clusterAffinity: {
            labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
          },
          replicaScheduling: {
            replicaSchedulingType: 'Divided',
            replicaDivisionPreference: 'Weighted',
            weightPreference: { dynamicWeight: 'AvailableReplicas' },
          },
        },
      },
    });
  });

  it('shows the server’s message, not the HTTP status, when the backend rejects the policy', async () => {
    const rejected = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: 'Invalid policy: metadata.name: already exists',
          },
          response: { statusCode: 400 },
        }),
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'content-type': 'application/json' },
        },
      ) as any,
    );
    await renderDialog({ createPolicy: jest.fn().mockRejectedValue(rejected) });
    fireEvent.change(screen.getByLabelText('Name'), {
      target: { value: 'llama-gpu' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Create policy' }));
    expect(
      await screen.findByText('Invalid policy: metadata.name: already exists'),
    ).toBeInTheDocument();
  });
});

describe('NewPolicyDialog in edit mode', () => {
  const clusterPolicy: KarmadaPolicyObject = {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'ClusterPropagationPolicy',
    metadata: { name: 'fleet-fallback', resourceVersion: '12' },
    spec: {
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'ml' },
      ],
      placement: {
        clusterAffinities: [
          {
            affinityName: 'fast',
            labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
          },
          { affinityName: 'named', clusterNames: ['cpu-oregon'] },
        ],
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          replicaDivisionPreference: 'Aggregated',
        },
        clusterTolerations: [{ key: 'gpu', operator: 'Exists' }],
      },
    },
  };

  const editOf = (
    policy: KarmadaPolicyObject,
    patch: Partial<PolicyFormEdit> = {},
  ): PolicyFormEdit => ({
    original: policy,
    form: policyToForm(policy)!,
    onReview: jest.fn(),
    ...patch,
  });

  it('opens prefilled from a cluster-scoped fallback and reviews the merged policy', async () => {
    const edit = editOf(clusterPolicy);
    await renderDialog({}, edit);

    const dialog = screen.getByRole('dialog', {
      name: 'Edit propagation policy',
    });
    expect(within(dialog).getByLabelText('Name')).toHaveValue('fleet-fallback');
    expect(within(dialog).getByLabelText('Name')).toHaveAttribute('readonly');
    expect(within(dialog).queryByLabelText('Namespace')).toBeNull();
    await waitFor(() =>
      expect(preview()).toBe('1. fast: gpu-high-virginia2. named: cpu-oregon'),
    );
    expect(
      within(dialog).getByLabelText('As it is (Divided, Aggregated)'),
    ).toBeChecked();
    expect(within(dialog).getByText(/Kept as they are/)).toHaveTextContent(
      'spec.resourceSelectors[0].namespace, spec.placement.clusterTolerations',
    );
    expect(
      within(dialog).queryByRole('button', { name: 'Create policy' }),
    ).toBeNull();

    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Remove group 1' }),
    );
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Review changes' }),
    );
    expect(edit.onReview).toHaveBeenCalledTimes(1);
    const [proposed, form] = (edit.onReview as jest.Mock).mock.calls[0];
    expect(proposed).toEqual({
      ...clusterPolicy,
      spec: {
        ...clusterPolicy.spec,
        placement: {
          ...(clusterPolicy.spec.placement as object),
          clusterAffinities: [
            { affinityName: 'named', clusterNames: ['cpu-oregon'] },
          ],
        },
      },
    });
    expect(form.groups).toHaveLength(1);
  });

  it('names the fields that break Karmada’s rules and does not go to the review', async () => {
    const edit = editOf(clusterPolicy);
    await renderDialog({}, edit);
    fireEvent.change(screen.getByLabelText('Group 2 affinityName'), {
      target: { value: 'fast' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Review changes' }));
    expect(
      screen.getByRole('list', { name: 'Policy errors' }),
    ).toHaveTextContent('spec.placement.clusterAffinities[1].affinityName');
    expect(edit.onReview).not.toHaveBeenCalled();
  });

  it('shows the server’s answer to the last save', async () => {
    await renderDialog(
      {},
      editOf(clusterPolicy, {
        error: 'Invalid policy: spec.placement.clusterAffinities: too many',
      }),
    );
    expect(
      screen.getByText(
        'Invalid policy: spec.placement.clusterAffinities: too many',
      ),
    ).toBeInTheDocument();
  });
});
