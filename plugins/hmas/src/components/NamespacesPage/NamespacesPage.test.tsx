import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { TeamNamespace } from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HmasApi, hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { NamespacesPage } from './NamespacesPage';

const mlResearch: TeamNamespace = {
  name: 'ml-research',
  team: 'group:default/ml-research',
  description: 'Research models',
  quota: { gpu: 4, memory: '128Gi', pods: 20 },
  priorityClasses: ['inference-critical', 'training'],
  state: 'active',
  createdBy: 'user:default/ada',
  createdAt: '2026-12-07T09:00:00.000Z',
  updatedAt: '2026-12-07T09:00:00.000Z',
  usage: [
    {
      cluster: 'gpu-hp-seoul',
      hard: {
        'requests.nvidia.com/gpu': '4',
        'requests.memory': '128Gi',
        pods: '20',
      },
      used: {
        'requests.nvidia.com/gpu': '1',
        'requests.memory': '16Gi',
        pods: '0',
      },
    },
    { cluster: 'cpu-oregon', hard: {}, used: {} },
    {
      cluster: 'gpu-gen-frankfurt',
      hard: {},
      used: {},
      error: 'cluster unreachable',
    },
  ],
};

async function renderPage(
  overrides: Partial<HmasApi> = {},
  permissionApi = mockApis.permission(),
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          hmasApiRef,
          fakeHmasApi({
            listTeamNamespaces: async () => [mlResearch],
            ...overrides,
          }),
        ],
        [permissionApiRef, permissionApi],
      ]}
    >
      <NamespacesPage />
    </TestApiProvider>,
  );
}

describe('NamespacesPage', () => {
  it('lists team namespaces with quota, priority classes and use per cluster', async () => {
    const list = jest.fn(async () => [mlResearch]);
    await renderPage({ listTeamNamespaces: list });
    expect(await screen.findByText('ml-research')).toBeInTheDocument();
    expect(list).toHaveBeenCalledWith({ usage: true });
    for (const title of [
      'Name',
      'Team',
      'Quota',
      'Priority classes',
      'Use',
      'State',
      'Actions',
    ]) {
      expect(
        screen.getByRole('columnheader', { name: title }),
      ).toBeInTheDocument();
    }
    expect(screen.getByText('group:default/ml-research')).toBeInTheDocument();
    expect(
      screen.getByText('GPU 4 · memory 128Gi · pods 20'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('inference-critical, training'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('gpu-hp-seoul: GPU 1/4 · memory 16Gi/128Gi · pods 0/20'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/cpu-oregon/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'gpu-gen-frankfurt: use unavailable (cluster unreachable)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Active')).toBeInTheDocument();
  });

  it('explains an empty list', async () => {
    await renderPage({ listTeamNamespaces: async () => [] });
    expect(
      await screen.findByText('No team namespaces yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/gives a team a ResourceQuota/),
    ).toBeInTheDocument();
  });

  it('shows an error when the list cannot be read', async () => {
    await renderPage({
      listTeamNamespaces: async () => {
        throw new Error('H-MAS is down');
      },
    });
    expect(await screen.findByText('H-MAS is down')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('creates a team namespace and refreshes the list', async () => {
    const list = jest.fn(async () => [mlResearch]);
    const createTeamNamespace = jest.fn(async (spec: any) => ({
      ...mlResearch,
      ...spec,
    }));
    await renderPage({ listTeamNamespaces: list, createTeamNamespace });
    fireEvent.click(
      await screen.findByRole('button', { name: 'New team namespace' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'New team namespace',
    });
    fireEvent.change(within(dialog).getByLabelText('Name'), {
      target: { value: 'vision' },
    });
    fireEvent.change(within(dialog).getByLabelText('Team'), {
      target: { value: 'group:default/vision' },
    });
    fireEvent.change(within(dialog).getByLabelText('GPU'), {
      target: { value: '2' },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Create team namespace' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(createTeamNamespace).toHaveBeenCalledWith({
      name: 'vision',
      team: 'group:default/vision',
      quota: { gpu: 2 },
      priorityClasses: ['inference-critical', 'training', 'experiment'],
    });
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
  });

  it('edits a team namespace', async () => {
    const updateTeamNamespace = jest.fn(async () => mlResearch);
    await renderPage({ updateTeamNamespace });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Edit team namespace ml-research',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit team namespace ml-research',
    });
    expect(within(dialog).getByLabelText('GPU')).toHaveValue(4);
    fireEvent.change(within(dialog).getByLabelText('GPU'), {
      target: { value: '8' },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Save team namespace' }),
    );
    await waitFor(() =>
      expect(updateTeamNamespace).toHaveBeenCalledWith('ml-research', {
        quota: { gpu: 8, memory: '128Gi', pods: 20 },
      }),
    );
  });

  it('says why a namespace that holds deployments cannot be deleted', async () => {
    const deleteTeamNamespace = jest.fn(async () => {
      throw Object.assign(new Error('Request failed with 409 Conflict'), {
        statusCode: 409,
        cause: {
          name: 'ConflictError',
          message:
            'Team namespace ml-research holds 1 deployment(s) (llama); delete them first',
        },
      });
    });
    await renderPage({ deleteTeamNamespace });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Delete team namespace ml-research',
      }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Delete team namespace ml-research?',
    });
    fireEvent.click(
      within(confirm).getByRole('button', { name: 'Delete team namespace' }),
    );
    await waitFor(() =>
      expect(deleteTeamNamespace).toHaveBeenCalledWith('ml-research'),
    );
    expect(
      await screen.findByText(
        'Could not delete team namespace ml-research: Team namespace ml-research holds 1 deployment(s) (llama); delete them first',
      ),
    ).toBeInTheDocument();
  });

  it('disables create, edit and delete for a user the policy refuses, saying why', async () => {
    const permissionApi = mockApis.permission({
      authorize: request =>
        request.permission.attributes.action === 'read'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    });
    await renderPage({}, permissionApi);
    const create = await screen.findByRole('button', {
      name: 'New team namespace',
    });
    const edit = await screen.findByRole('button', {
      name: 'Edit team namespace ml-research',
    });
    const remove = screen.getByRole('button', {
      name: 'Delete team namespace ml-research',
    });
    await waitFor(() => expect(create).toBeDisabled());
    expect(edit).toBeDisabled();
    expect(remove).toBeDisabled();
    fireEvent.mouseOver(create.parentElement!);
    expect(
      await screen.findByText(
        'You may not define team namespaces (the platform team may) (permission hmas.namespace.create)',
      ),
    ).toBeInTheDocument();
  });

  it('enables them for a user the policy allows', async () => {
    await renderPage();
    const create = await screen.findByRole('button', {
      name: 'New team namespace',
    });
    await waitFor(() => expect(create).toBeEnabled());
    expect(
      await screen.findByRole('button', {
        name: 'Delete team namespace ml-research',
      }),
    ).toBeEnabled();
  });
});
