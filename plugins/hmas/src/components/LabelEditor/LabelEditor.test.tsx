import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  ClusterInfo,
  KarmadaPolicyObject,
  PolicyKind,
  toPolicyInfo,
} from '@h-mas/plugin-hmas-common';
import { HmasApi, hmasApiRef } from '../../api';
import { fakeHmasApi, testCluster } from '../../testUtils/fakeApi';
import { LabelEditor } from './LabelEditor';

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function propagationPolicy(
  name: string,
  placement: Record<string, unknown>,
  options: { kind?: PolicyKind; labels?: Record<string, string> } = {},
): KarmadaPolicyObject {
  const kind = options.kind ?? 'PropagationPolicy';
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind,
    metadata: {
      name,
      ...(kind === 'PropagationPolicy' ? { namespace: 'default' } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
      resourceVersion: '7',
    },
    spec: {
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
      placement,
    },
  };
}

const tier = (value: string) => ({
  clusterAffinity: { labelSelector: { matchLabels: { 'gpu-tier': value } } },
});

/** listPolicies and getPolicy serving `policies`, as the backend would. */
function policyApi(policies: KarmadaPolicyObject[]) {
  const listPolicies = jest.fn(async () => policies.map(toPolicyInfo));
  const getPolicy = jest.fn(async (kind: PolicyKind, name: string) => {
    const found = policies.find(
      p => p.kind === kind && p.metadata.name === name,
    );
    if (!found) throw new Error(`no ${kind} ${name}`);
    return found;
  });
  return { listPolicies, getPolicy };
}

async function renderEditor(cluster: ClusterInfo, api: Partial<HmasApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi(api)]]}>
      <LabelEditor
        cluster={cluster}
        onSaved={jest.fn()}
        onCancel={jest.fn()}
        onReload={jest.fn()}
      />
    </TestApiProvider>,
  );
}

/** The impact list as heading → the items under it. */
function impactLists(list: HTMLElement): Record<string, string[]> {
  return Object.fromEntries(
    Array.from(list.children).map(li => {
      const items = within(li as HTMLElement).getByRole('list');
      const heading = li.textContent!.replace(items.textContent!, '').trim();
      return [
        heading,
        within(items)
          .getAllByRole('listitem')
          .map(item => item.textContent ?? ''),
      ];
    }),
  );
}

const highCluster = () =>
  testCluster('gpu-seoul', {
    zone: 'gpu-high',
    labels: {
      'cluster-type': 'standard',
      'gpu-tier': 'high',
      'gpu-type': 'h100',
    },
  });

describe('LabelEditor', () => {
  it('adds gpu-tier, derives cluster-type, warns about the zone move and saves', async () => {
    const update = jest.fn(async (name: string) =>
      testCluster(name, { zone: 'gpu-general' }),
    );
    const onSaved = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ updateClusterLabels: update })]]}
      >
        <LabelEditor
          cluster={testCluster('joined', {
            resourceVersion: '41',
            labels: { team: 'ml' },
          })}
          onSaved={onSaved}
          onCancel={jest.fn()}
          onReload={jest.fn()}
        />
      </TestApiProvider>,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
    type('Label key 2', 'gpu-tier');
    type('Label value 2', 'general');

    // cluster-type is a value H-MAS sets, shown as text with where it comes from.
    const derived = screen.getByRole('group', {
      name: 'Label 3, set by H-MAS',
    });
    expect(derived).toHaveTextContent(/^Keycluster-typeValuestandard/);
    expect(derived).toHaveAccessibleDescription(
      'Derived from the zone: H-MAS sets it from gpu-tier. Change gpu-tier to change it.',
    );
    expect(screen.queryByLabelText('Label value 3')).not.toBeInTheDocument();
    expect(within(derived).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByTestId('zone-change-banner')).toHaveTextContent(
      'moves from Unclassified to GPU General',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Save labels' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(update).toHaveBeenCalledWith('joined', {
      set: { 'gpu-tier': 'general', 'cluster-type': 'standard' },
      remove: [],
      resourceVersion: '41',
    });
  });

  it('makes cluster-type editable again once gpu-tier no longer decides it', async () => {
    await renderEditor(highCluster(), {});
    expect(
      screen.getByRole('group', { name: 'Label 1, set by H-MAS' }),
    ).toBeInTheDocument();

    type('Label value 2', 'custom');

    expect(
      await screen.findByRole('list', { name: 'Placement impact' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('group')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Label key 1')).toHaveValue('cluster-type');
    expect(screen.getByLabelText('Label value 1')).toHaveValue('standard');
    expect(
      screen.getByRole('button', { name: 'Delete label cluster-type' }),
    ).toBeEnabled();
  });

  it('keeps a second cluster-type row editable, with its duplicate error', async () => {
    await renderEditor(highCluster(), {});
    fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
    type('Label key 4', 'cluster-type');

    expect(screen.getByLabelText('Label key 4')).toHaveValue('cluster-type');
    expect(
      screen.getByText('Duplicate key (also in row 1)'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save labels' })).toBeDisabled();
    expect(
      await screen.findByRole('list', { name: 'Placement impact' }),
    ).toBeInTheDocument();
  });

  it('has one action row, Cancel then Save labels, and adds rows inline', async () => {
    const onCancel = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, fakeHmasApi({})]]}>
        <LabelEditor
          cluster={testCluster('c', { labels: { team: 'ml' } })}
          onSaved={jest.fn()}
          onCancel={onCancel}
          onReload={jest.fn()}
        />
      </TestApiProvider>,
    );
    const save = screen.getByRole('button', { name: 'Save labels' });
    const actions = save.parentElement!;
    expect(
      within(actions)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Cancel', 'Save labels']);
    expect(save).toBeDisabled();
    // Adding a row is a row action, with the rows, not in the action row.
    const add = screen.getByRole('button', { name: 'Add label' });
    expect(actions).not.toContainElement(add);
    fireEvent.click(add);
    expect(screen.getByLabelText('Label key 2')).toHaveValue('');

    fireEvent.click(within(actions).getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
  });

  it('shows errors for invalid, empty and duplicate keys and does not save', async () => {
    const update = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ updateClusterLabels: update })]]}
      >
        <LabelEditor
          cluster={testCluster('c', { labels: { team: 'ml' } })}
          onSaved={jest.fn()}
          onCancel={jest.fn()}
          onReload={jest.fn()}
        />
      </TestApiProvider>,
    );

    type('Label key 1', 'bad key!');
    expect(screen.getByText(/Key name must consist of/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save labels' })).toBeDisabled();

    type('Label key 1', 'team');
    fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
    expect(screen.getByText('Key is required')).toBeInTheDocument();
    type('Label key 2', 'team');
    expect(
      screen.getByText('Duplicate key (also in row 1)'),
    ).toBeInTheDocument();
    type('Label value 2', 'not valid');
    expect(screen.getByText(/Value must consist of/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save labels' })).toBeDisabled();
    expect(update).not.toHaveBeenCalled();
  });

  it('removes a deleted label', async () => {
    const update = jest.fn(async (name: string) => testCluster(name));
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ updateClusterLabels: update })]]}
      >
        <LabelEditor
          cluster={testCluster('c', {
            labels: { team: 'ml', env: 'prod' },
            resourceVersion: '5',
          })}
          onSaved={jest.fn()}
          onCancel={jest.fn()}
          onReload={jest.fn()}
        />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete label team' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save labels' }));
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith('c', {
        set: {},
        remove: ['team'],
        resourceVersion: '5',
      }),
    );
  });

  it('offers a reload when the cluster changed meanwhile (409)', async () => {
    const conflict = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message: 'Cluster c changed since it was read',
          },
          response: { statusCode: 409 },
        }),
        {
          status: 409,
          statusText: 'Conflict',
          headers: { 'content-type': 'application/json' },
        },
      ) as any,
    );
    const onReload = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              updateClusterLabels: async () => {
                throw conflict;
              },
            }),
          ],
        ]}
      >
        <LabelEditor
          cluster={testCluster('c', { labels: { team: 'ml' } })}
          onSaved={jest.fn()}
          onCancel={jest.fn()}
          onReload={onReload}
        />
      </TestApiProvider>,
    );
    type('Label value 1', 'infra');
    fireEvent.click(screen.getByRole('button', { name: 'Save labels' }));
    expect(
      await screen.findByText(/changed while you were editing/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalled();
  });

  describe('placement impact', () => {
    it('lists the deployments and policies that would gain or lose the cluster', async () => {
      const api = policyApi([
        propagationPolicy('llama-gpu-propagation', tier('general'), {
          labels: { 'h-mas.io/deployment': 'llama-gpu' },
        }),
        propagationPolicy('vllm-propagation', tier('high'), {
          labels: { 'h-mas.io/deployment': 'vllm' },
        }),
        propagationPolicy('high-pool', tier('high'), {
          kind: 'ClusterPropagationPolicy',
        }),
        propagationPolicy('spill-over', {
          clusterAffinities: [
            {
              affinityName: 'primary',
              labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
            },
            {
              affinityName: 'fallback',
              labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
            },
          ],
        }),
        propagationPolicy('any-gpu', {
          clusterAffinity: {
            labelSelector: {
              matchExpressions: [
                {
                  key: 'gpu-tier',
                  operator: 'In',
                  values: ['high', 'general'],
                },
              ],
            },
          },
        }),
        propagationPolicy('pinned', {
          clusterAffinity: { clusterNames: ['gpu-seoul'] },
        }),
      ]);
      await renderEditor(highCluster(), api);

      type('Label value 2', 'general');

      const banner = screen.getByTestId('zone-change-banner');
      expect(banner).toHaveTextContent(
        'moves from GPU High Performance to GPU General',
      );
      const impact = await within(banner).findByRole('list', {
        name: 'Placement impact',
      });
      expect(impactLists(impact)).toEqual({
        'Would gain this cluster:': ['deployment llama-gpu'],
        'Would lose this cluster:': [
          'deployment vllm',
          'policy high-pool (cluster-wide)',
        ],
        'Would place through other affinity groups:': [
          'policy default/spill-over: from affinity group primary to affinity group fallback',
        ],
      });
      // Placing by name only, it cannot change with labels: not even read.
      expect(api.getPolicy).not.toHaveBeenCalledWith(
        'PropagationPolicy',
        'pinned',
        'default',
      );
      expect(api.getPolicy).toHaveBeenCalledTimes(5);
    });

    it('says when no placement changes, and reads the policies only once', async () => {
      const api = policyApi([propagationPolicy('high-pool', tier('high'))]);
      await renderEditor(highCluster(), api);

      type('Label value 3', 'h200');

      expect(screen.getByTestId('zone-change-banner')).toHaveTextContent(
        'Saving changes the core label gpu-type of this cluster',
      );
      const impact = await screen.findByRole('list', {
        name: 'Placement impact',
      });
      expect(impact).toHaveTextContent("No policy's placement changes");

      type('Label value 3', 'b200');
      expect(impact).toHaveTextContent("No policy's placement changes");
      expect(api.listPolicies).toHaveBeenCalledTimes(1);
    });

    it('does not read the policies when no core label changes', async () => {
      const api = policyApi([]);
      await renderEditor(testCluster('c', { labels: { team: 'ml' } }), api);
      type('Label value 1', 'infra');
      expect(
        screen.queryByTestId('zone-change-banner'),
      ).not.toBeInTheDocument();
      expect(api.listPolicies).not.toHaveBeenCalled();
    });

    it('shows the loading state without holding the save', async () => {
      const update = jest.fn(async (name: string) => testCluster(name));
      await renderEditor(highCluster(), {
        listPolicies: () => new Promise(() => {}),
        updateClusterLabels: update,
      });

      type('Label value 2', 'none');

      expect(
        await screen.findByText(/Checking which deployments and policies/),
      ).toBeInTheDocument();
      fireEvent.click(screen.getByRole('button', { name: 'Save labels' }));
      await waitFor(() =>
        expect(update).toHaveBeenCalledWith('gpu-seoul', {
          set: { 'gpu-tier': 'none', 'cluster-type': 'cpu-only' },
          remove: [],
          resourceVersion: '1',
        }),
      );
    });

    it('still saves when the policies cannot be loaded', async () => {
      const update = jest.fn(async (name: string) => testCluster(name));
      await renderEditor(highCluster(), {
        listPolicies: async () => {
          throw new Error('Karmada is unreachable');
        },
        updateClusterLabels: update,
      });

      type('Label value 2', 'general');

      expect(
        await screen.findByText(/Could not load the policies/),
      ).toHaveTextContent('Karmada is unreachable');
      expect(
        screen.queryByRole('list', { name: 'Placement impact' }),
      ).not.toBeInTheDocument();
      fireEvent.click(screen.getByRole('button', { name: 'Save labels' }));
      await waitFor(() =>
        expect(update).toHaveBeenCalledWith('gpu-seoul', {
          set: { 'gpu-tier': 'general' },
          remove: [],
          resourceVersion: '1',
        }),
      );
    });
  });
});
