import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  KarmadaPolicyObject,
  PolicyInfo,
  PolicyPreset,
} from '@h-mas/plugin-hmas-common';
import { hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { PoliciesPage } from './PoliciesPage';

const propagation: PolicyInfo = {
  kind: 'PropagationPolicy',
  namespace: 'default',
  name: 'llama-propagation',
  resourceVersion: '7',
  summary: {
    type: 'propagation',
    resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' }],
    placement: {
      clusterNames: [],
      labelSelectors: ['gpu-tier=general'],
      affinityGroups: [],
      replicaSchedulingType: 'Divided',
    },
  },
};

const override: PolicyInfo = {
  kind: 'ClusterOverridePolicy',
  namespace: '',
  name: 'gpu-image',
  resourceVersion: '3',
  summary: {
    type: 'override',
    resources: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
    rules: [
      {
        targetClusters: { clusterNames: ['gpu-a'], labelSelectors: [] },
        overriders: ['image replace'],
      },
    ],
  },
};

const preset: PolicyPreset = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'gpu-general-divided',
  title: 'GPU General, divided',
  placement: {
    zone: 'gpu-general',
    replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
  },
  failover: { tolerationSeconds: 60 },
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:00:00.000Z',
  createdBy: 'user:default/ada',
};

describe('PoliciesPage', () => {
  it('lists policies with what they select and where they place, and filters by kind', async () => {
    const listPolicies = jest.fn(async (kind?: string, _options?: object) =>
      kind === 'PropagationPolicy' ? [propagation] : [propagation, override],
    );
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, fakeHmasApi({ listPolicies })]]}>
        <PoliciesPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('button', { name: 'default/llama-propagation' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Deployment llama')).toBeInTheDocument();
    expect(screen.getByText('gpu-tier=general · Divided')).toBeInTheDocument();
    expect(screen.getByText('gpu-a: image replace')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'gpu-image' }),
    ).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByLabelText('Kind'));
    fireEvent.click(
      within(screen.getByRole('listbox')).getByText('PropagationPolicy'),
    );
    await waitFor(() =>
      expect(listPolicies).toHaveBeenLastCalledWith('PropagationPolicy', {}),
    );
    expect(listPolicies).toHaveBeenNthCalledWith(1, undefined, {
      refresh: true,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() =>
      expect(listPolicies).toHaveBeenLastCalledWith('PropagationPolicy', {
        refresh: true,
      }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'gpu-image' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('shows the empty and the error states', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, fakeHmasApi()]]}>
        <PoliciesPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No federation policies yet'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No policy presets yet'),
    ).toBeInTheDocument();
  });

  it('shows an error when the policies cannot be listed', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              listPolicies: async () => {
                throw new Error('Karmada is unreachable');
              },
            }),
          ],
        ]}
      >
        <PoliciesPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Karmada is unreachable'),
    ).toBeInTheDocument();
  });

  it('opens a policy as YAML and deletes it after confirmation', async () => {
    const deletePolicy = jest.fn(async () => {});
    const getPolicy = jest.fn(async () => ({
      apiVersion: 'policy.karmada.io/v1alpha1' as const,
      kind: 'PropagationPolicy' as const,
      metadata: { name: 'llama-propagation', namespace: 'default' },
      spec: {
        failover: {
          application: { decisionConditions: { tolerationSeconds: 60 } },
        },
      },
    }));
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              listPolicies: async () => [propagation],
              getPolicy,
              deletePolicy,
            }),
          ],
        ]}
      >
        <PoliciesPage />
      </TestApiProvider>,
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'default/llama-propagation' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'PropagationPolicy default/llama-propagation',
    });
    expect(
      await within(dialog).findByText(/tolerationSeconds: 60/),
    ).toBeInTheDocument();
    expect(getPolicy).toHaveBeenCalledWith(
      'PropagationPolicy',
      'llama-propagation',
      'default',
    );
    // No placement the form can show: only the YAML editor is offered.
    expect(
      within(dialog).getByRole('button', { name: 'Edit YAML' }),
    ).toBeEnabled();
    expect(
      within(dialog).queryByRole('button', { name: 'Edit' }),
    ).not.toBeInTheDocument();
    expect(within(dialog).getByRole('tab', { name: 'YAML' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(within(dialog).getByRole('tab', { name: 'Changes' })).toBeVisible();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    fireEvent.click(
      within(
        screen.getByRole('dialog', { name: 'Delete llama-propagation?' }),
      ).getByRole('button', { name: 'Delete policy' }),
    );
    await waitFor(() =>
      expect(deletePolicy).toHaveBeenCalledWith(
        'PropagationPolicy',
        'llama-propagation',
        'default',
      ),
    );
  });

  it('creates a policy of any kind from YAML, then closes and refreshes the list', async () => {
    const created: PolicyInfo = {
      ...override,
      kind: 'OverridePolicy',
      namespace: 'default',
      name: 'llama-scheduler',
    };
    const listPolicies = jest
      .fn()
      .mockResolvedValueOnce([propagation])
      .mockResolvedValue([propagation, created]);
    const createPolicy = jest.fn(async (p: KarmadaPolicyObject) => p);
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ listPolicies, createPolicy })]]}
      >
        <PoliciesPage />
      </TestApiProvider>,
    );
    await screen.findByRole('button', { name: 'default/llama-propagation' });

    fireEvent.click(
      screen.getByRole('button', { name: 'New policy from YAML' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'New policy from YAML' });
    fireEvent.mouseDown(within(dialog).getByRole('button', { name: /^Kind / }));
    fireEvent.click(
      within(screen.getByRole('listbox')).getByText('OverridePolicy'),
    );
    await waitFor(() =>
      expect(
        (within(dialog).getByLabelText('Policy YAML') as HTMLTextAreaElement)
          .value,
      ).toContain('kind: OverridePolicy\n'),
    );
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Create policy' }),
    );

    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'New policy from YAML' }),
      ).not.toBeInTheDocument(),
    );
    expect(createPolicy).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'OverridePolicy',
        metadata: { name: 'llama-scheduler', namespace: 'default' },
      }),
    );
    expect(
      await screen.findByRole('button', { name: 'default/llama-scheduler' }),
    ).toBeInTheDocument();
    expect(listPolicies).toHaveBeenCalledTimes(2);
  });

  it('lists presets and deletes one after confirmation', async () => {
    const deletePreset = jest.fn(async () => {});
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({ listPresets: async () => [preset], deletePreset }),
          ],
        ]}
      >
        <PoliciesPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('gpu-general-divided')).toBeInTheDocument();
    expect(
      screen.getByText('Divided by available replicas'),
    ).toBeInTheDocument();
    expect(screen.getByText('after 60 s')).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Delete preset gpu-general-divided' }),
    );
    fireEvent.click(
      within(
        screen.getByRole('dialog', {
          name: 'Delete preset gpu-general-divided?',
        }),
      ).getByRole('button', { name: 'Delete preset' }),
    );
    await waitFor(() => expect(deletePreset).toHaveBeenCalledWith(preset.id));
  });
});
