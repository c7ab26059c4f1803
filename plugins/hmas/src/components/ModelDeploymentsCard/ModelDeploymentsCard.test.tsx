import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentWithStatus, HmasApi, hmasApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { fakeHmasApi, testDeployment } from '../../testUtils/fakeApi';
import { ModelDeploymentsCard } from './ModelDeploymentsCard';

const service = (annotation?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chat-assistant',
    annotations:
      annotation === undefined
        ? {}
        : { 'h-mas.io/model-deployments': annotation },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'ml-team' },
});

const llama = testDeployment('llama');
const qwen = testDeployment('qwen', {
  namespace: 'ml-team',
  runtime: 'vllm',
  model: 'qwen2.5-7b-instruct',
  spec: { name: 'qwen', entityRef: 'component:default/chat-assistant' },
  status: {
    phase: 'ready',
    message: '2/2 replicas ready',
    replicas: 2,
    readyReplicas: 2,
    clusters: [
      {
        cluster: 'gpu-gen-frankfurt',
        replicas: 1,
        readyReplicas: 1,
        runningReplicas: 1,
        applied: true,
        health: 'Healthy',
      },
      {
        cluster: 'gpu-gen-virginia',
        replicas: 1,
        readyReplicas: 1,
        runningReplicas: 1,
        applied: true,
        health: 'Healthy',
      },
    ],
  },
});
const other = testDeployment('other', {
  spec: { name: 'other', entityRef: 'component:default/search' },
});

async function render(entity: Entity, api: Partial<HmasApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi(api)]]}>
      <EntityProvider entity={entity}>
        <ModelDeploymentsCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/platform/hmas': rootRouteRef } },
  );
}

const cellsOf = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map(c => c.textContent);

describe('ModelDeploymentsCard', () => {
  it('lists the named deployments, then those serving the entity, and marks unknown names', async () => {
    const list = jest.fn(async () => [llama, qwen, other]);
    await render(service(' llama , missing,llama,'), { listDeployments: list });

    const link = await screen.findByRole('link', { name: 'llama' });
    expect(link).toHaveAttribute(
      'href',
      `/platform/hmas/deployments?id=${llama.id}`,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map(cellsOf)).toEqual([
      [
        'llama',
        'llama.cpp',
        'llama-3.1-8b-instruct-gguf',
        'Loading model',
        '1/2',
        'cpu-oregon',
      ],
      ['missing', 'not found'],
      [
        'ml-team/qwen',
        'vLLM',
        'Qwen2.5 7B Instruct',
        'Ready',
        '2/2',
        'gpu-gen-frankfurt, gpu-gen-virginia',
      ],
    ]);
    expect(screen.getByRole('link', { name: 'ml-team/qwen' })).toHaveAttribute(
      'href',
      `/platform/hmas/deployments?id=${qwen.id}`,
    );
    expect(screen.queryByText('other')).not.toBeInTheDocument();
    // Names need the whole list: one call, matched in the browser.
    expect(list).toHaveBeenCalledTimes(1);
    expect(list).toHaveBeenCalledWith();
  });

  it('tells deployments of the same name apart by namespace', async () => {
    const inDefault = testDeployment('qwen', { id: 'qwen-default' });
    await render(service('ml-team/qwen'), {
      listDeployments: async () => [inDefault, qwen],
    });
    expect(
      await screen.findByRole('link', { name: 'ml-team/qwen' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'qwen' }),
    ).not.toBeInTheDocument();
  });

  it('asks the backend for the deployments serving the entity when none is named, and still checks their entityRef', async () => {
    const list = jest.fn(
      async (): Promise<DeploymentWithStatus[]> => [qwen, other],
    );
    await render(service(), { listDeployments: list });
    expect(
      await screen.findByRole('link', { name: 'ml-team/qwen' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('other')).not.toBeInTheDocument();
    expect(list).toHaveBeenCalledWith({
      entityRef: 'component:default/chat-assistant',
    });
  });

  it('says so when no deployment is linked', async () => {
    await render(service(''), { listDeployments: async () => [other] });
    expect(await screen.findByText('No model deployments')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    // The way out: the Deploy a model form, linked to this service already.
    // (LinkButton: a link that reads as a button, Backstage's convention.)
    const deploy = screen.getByRole('button', { name: 'Deploy a model' });
    const href = new URL(deploy.getAttribute('href')!, 'http://app');
    expect(href.pathname).toBe('/create/templates/default/hmas-deploy-model');
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      service: 'component:default/chat-assistant',
    });
  });

  it('offers the plain Deploy a model form on entities other than components', async () => {
    const system: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'assistants' },
    };
    await render(system, { listDeployments: async () => [] });
    expect(
      await screen.findByRole('button', { name: 'Deploy a model' }),
    ).toHaveAttribute('href', '/create/templates/default/hmas-deploy-model');
  });

  it('shows a progress bar while loading, the error when the API fails, and retries', async () => {
    let fail: (e: Error) => void = () => {};
    const list = jest
      .fn<Promise<DeploymentWithStatus[]>, []>()
      .mockImplementationOnce(
        () =>
          new Promise((_resolve, reject) => {
            fail = reject;
          }),
      )
      .mockResolvedValueOnce([llama]);
    await render(service('llama'), { listDeployments: list });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    act(() => fail(new Error('H-MAS backend unreachable')));
    expect(
      await screen.findByText(
        /Model deployments could not be loaded: The H-MAS backend could not be reached/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/H-MAS backend unreachable/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'llama' })).toBeVisible();
    expect(list).toHaveBeenCalledTimes(2);
    expect(
      screen.queryByText(/Model deployments could not be loaded/),
    ).not.toBeInTheDocument();
  });

  it('links to /hmas when the app does not mount the H-MAS page', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [hmasApiRef, fakeHmasApi({ listDeployments: async () => [llama] })],
        ]}
      >
        <EntityProvider entity={service('llama')}>
          <ModelDeploymentsCard title="Models" />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Models')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'llama' })).toHaveAttribute(
      'href',
      `/hmas/deployments?id=${llama.id}`,
    );
  });
});
