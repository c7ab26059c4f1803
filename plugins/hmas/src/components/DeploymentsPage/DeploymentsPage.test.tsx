import { NotFoundError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { TeamNamespace } from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi, testDeployment } from '../../testUtils/fakeApi';
import { DeploymentsPage } from './DeploymentsPage';

const loading = testDeployment('llama');
const ready = testDeployment('qwen', {
  model: 'qwen2.5-7b-instruct',
  runtime: 'vllm',
  zone: 'gpu-general',
  spec: {
    name: 'qwen',
    replicas: 1,
    placement: { mode: 'zone', zone: 'gpu-general' },
  },
  status: {
    phase: 'ready',
    message: '1/1 replicas ready on gpu-gen-frankfurt',
    replicas: 1,
    readyReplicas: 1,
    clusters: [
      {
        cluster: 'gpu-gen-frankfurt',
        replicas: 1,
        readyReplicas: 1,
        runningReplicas: 1,
        applied: true,
        health: 'Healthy',
      },
    ],
  },
});

describe('DeploymentsPage', () => {
  it('lists deployments with placement, readiness and phase, and filters by status and model', async () => {
    const list = jest.fn(async () => [loading, ready]);
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ listDeployments: list })]]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByRole('button', { name: 'llama' }),
    ).toBeInTheDocument();
    expect(screen.getByText('CPU Only')).toBeInTheDocument();
    expect(screen.getByText('1/2')).toBeInTheDocument();
    const chips = document.querySelectorAll('.MuiChip-label');
    expect([...chips].map(c => c.textContent)).toEqual([
      'Loading model',
      'Ready',
    ]);

    fireEvent.change(screen.getByLabelText('Model'), {
      target: { value: 'qwen' },
    });
    expect(
      screen.queryByRole('button', { name: 'llama' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'qwen' })).toBeInTheDocument();
  });

  it('names runtimes and models as a person reads them, and filters by either', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [hmasApiRef, fakeHmasApi({ listDeployments: async () => [ready] })],
        ]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
    );
    const row = (await screen.findByRole('button', { name: 'qwen' })).closest(
      'tr',
    )!;
    expect(within(row).getByText('vLLM')).toBeInTheDocument();
    expect(within(row).getByText('Qwen2.5 7B Instruct')).toBeInTheDocument();
    expect(within(row).queryByText('vllm')).toBeNull();
    expect(within(row).queryByText('qwen2.5-7b-instruct')).toBeNull();
    fireEvent.change(screen.getByLabelText('Model'), {
      target: { value: '7B Instruct' },
    });
    expect(screen.getByRole('button', { name: 'qwen' })).toBeInTheDocument();
  });

  it('shows what an unfinished create is doing, so a stuck deployment is visible', async () => {
    const stuck = testDeployment('stuck', {
      state: 'creating',
      operation: {
        kind: 'create',
        id: 'op-1',
        step: 'roll back: delete Service default/stuck',
        heartbeatAt: '2026-12-07T01:00:00.000Z',
      },
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [hmasApiRef, fakeHmasApi({ listDeployments: async () => [stuck] })],
        ]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
    );
    const note = await screen.findByText(
      'Being created: roll back: delete Service default/stuck',
    );
    expect(note.getAttribute('title')).toMatch(
      /the recovery task finishes or rolls it back; you can always delete/,
    );
  });

  it('passes owner, runtime and zone filters to the API', async () => {
    const list = jest.fn(async () => []);
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ listDeployments: list })]]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No model deployments yet'),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Owner'), {
      target: { value: 'group:default/ml-team' },
    });
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith({
        owner: 'group:default/ml-team',
        runtime: undefined,
        zone: undefined,
      }),
    );
  });

  it('shows progress and placement, and deletes only after confirmation', async () => {
    const remove = jest.fn(async () => {});
    const list = jest.fn(async () => [loading]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              listDeployments: list,
              getDeployment: async () => loading,
              deleteDeployment: remove,
            }),
          ],
        ]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'llama' }));
    const dialog = await screen.findByRole('dialog', {
      name: /Deployment llama/,
    });
    expect(
      await within(dialog).findByText(
        '1/2 replicas ready; the others are loading the model',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('cpu-oregon')).toBeInTheDocument();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    const confirm = await screen.findByRole('dialog', {
      name: 'Delete llama?',
    });
    expect(remove).not.toHaveBeenCalled();
    fireEvent.click(
      within(confirm).getByRole('button', { name: 'Delete deployment' }),
    );
    await waitFor(() => expect(remove).toHaveBeenCalledWith(loading.id));
  });

  it('opens the deployment named by ?id= in the URL, and closing it clears the URL', async () => {
    const get = jest.fn(async () => ready);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              listDeployments: async () => [loading, ready],
              getDeployment: get,
            }),
          ],
        ]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
      { routeEntries: [`/?id=${ready.id}`] },
    );
    const dialog = await screen.findByRole('dialog', {
      name: /Deployment qwen/,
    });
    expect(get).toHaveBeenCalledWith(ready.id);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows the model server’s image, effective env and probes in Configuration', async () => {
    const preview = jest.fn(async () => ({
      yaml: '',
      manifests: [
        {
          kind: 'Deployment',
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    image: 'ghcr.io/ggml-org/llama.cpp:server',
                    env: [{ name: 'LLAMA_ARG_THREADS', value: '8' }],
                    startupProbe: {
                      httpGet: { path: '/health', port: 8080 },
                      periodSeconds: 10,
                      failureThreshold: 66,
                    },
                  },
                ],
              },
            },
          },
        },
      ],
    }));
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              listDeployments: async () => [ready],
              getDeployment: async () => ready,
              getDeploymentManifests: preview,
            }),
          ],
        ]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
      { routeEntries: [`/?id=${ready.id}`] },
    );
    const dialog = await screen.findByRole('dialog', {
      name: /Deployment qwen/,
    });
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Configuration' }));
    expect(
      await within(dialog).findByText(
        'HTTP GET /health on port 8080 every 10 s, fails after 66 (gives up after 660 s)',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('LLAMA_ARG_THREADS=8')).toBeInTheDocument();
    expect(preview).toHaveBeenCalledWith(ready.id);

    // Manifests shows the same dry run: switching tabs asks for it no second time.
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Manifests' }));
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Configuration' }));
    expect(
      await within(dialog).findByText('LLAMA_ARG_THREADS=8'),
    ).toBeInTheDocument();
    expect(preview).toHaveBeenCalledTimes(1);
  });

  it('shows the use of the team quota on the clusters the deployment runs on', async () => {
    const inTeam = testDeployment('qwen', {
      ...ready,
      namespace: 'ml-research',
    });
    const teamNamespace: TeamNamespace = {
      name: 'ml-research',
      team: 'group:default/ml-research',
      quota: { gpu: 4, pods: 20 },
      priorityClasses: ['inference-critical'],
      state: 'active',
      createdBy: 'user:default/ada',
      createdAt: '2026-12-07T09:00:00.000Z',
      updatedAt: '2026-12-07T09:00:00.000Z',
      usage: [
        {
          cluster: 'gpu-gen-frankfurt',
          hard: { 'requests.nvidia.com/gpu': '4', pods: '20' },
          used: { 'requests.nvidia.com/gpu': '1', pods: '1' },
        },
        {
          cluster: 'gpu-hp-seoul',
          hard: { 'requests.nvidia.com/gpu': '4', pods: '20' },
          used: { 'requests.nvidia.com/gpu': '3', pods: '3' },
        },
      ],
    };
    const getTeamNamespace = jest.fn(async () => teamNamespace);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              listDeployments: async () => [inTeam],
              getDeployment: async () => inTeam,
              getTeamNamespace,
            }),
          ],
        ]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
      { routeEntries: [`/?id=${inTeam.id}`] },
    );
    const dialog = await screen.findByRole('dialog', {
      name: /Deployment qwen/,
    });
    const quota = await within(dialog).findByRole('region', {
      name: 'Team quota',
    });
    expect(getTeamNamespace).toHaveBeenCalledWith('ml-research');
    expect(
      within(quota).getByText(
        'Team namespace ml-research of group:default/ml-research',
      ),
    ).toBeInTheDocument();
    expect(
      within(quota).getByText('gpu-gen-frankfurt: GPU 1/4 · pods 1/20'),
    ).toBeInTheDocument();
    // Only the clusters the deployment runs on.
    expect(within(quota).queryByText(/gpu-hp-seoul/)).not.toBeInTheDocument();
  });

  it('shows no team quota for a namespace that is no team namespace', async () => {
    const getTeamNamespace = jest.fn(async () => {
      throw new NotFoundError('No team namespace default');
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              listDeployments: async () => [ready],
              getDeployment: async () => ready,
              getTeamNamespace,
            }),
          ],
        ]}
      >
        <DeploymentsPage />
      </TestApiProvider>,
      { routeEntries: [`/?id=${ready.id}`] },
    );
    const dialog = await screen.findByRole('dialog', {
      name: /Deployment qwen/,
    });
    expect(
      await within(dialog).findByText(
        '1/1 replicas ready on gpu-gen-frankfurt',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(getTeamNamespace).toHaveBeenCalledWith('default'),
    );
    expect(within(dialog).queryByText('Team quota')).not.toBeInTheDocument();
    expect(
      within(dialog).queryByText(/Quota use unavailable/),
    ).not.toBeInTheDocument();
  });
});
