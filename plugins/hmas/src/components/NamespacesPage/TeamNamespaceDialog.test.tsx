import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { TeamNamespace } from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { HmasApi, hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import {
  buildTeamNamespaceSpec,
  teamNamespaceChange,
  TeamNamespaceDialog,
  teamNamespaceToForm,
} from './TeamNamespaceDialog';

const ns: TeamNamespace = {
  name: 'ml-research',
  team: 'group:default/ml-research',
  description: 'Research models',
  quota: { gpu: 4, cpu: '64', memory: '128Gi', pods: 20 },
  priorityClasses: ['inference-critical', 'training'],
  state: 'active',
  createdBy: 'user:default/ada',
  createdAt: '2026-12-07T09:00:00.000Z',
  updatedAt: '2026-12-07T09:00:00.000Z',
};

async function renderDialog(
  overrides: Partial<HmasApi>,
  namespace?: TeamNamespace,
) {
  const onSaved = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi(overrides)]]}>
      <TeamNamespaceDialog
        namespace={namespace}
        onClose={() => {}}
        onSaved={onSaved}
      />
    </TestApiProvider>,
  );
  return { onSaved };
}

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('buildTeamNamespaceSpec and teamNamespaceChange', () => {
  it('round-trips a team namespace', () => {
    const { state, createdBy, createdAt, updatedAt, ...spec } = ns;
    expect(buildTeamNamespaceSpec(teamNamespaceToForm(ns))).toEqual(spec);
    expect(teamNamespaceChange(ns, teamNamespaceToForm(ns))).toEqual({});
  });

  it('changes only what differs', () => {
    const form = {
      ...teamNamespaceToForm(ns),
      description: '',
      priorityClasses: ['experiment' as const, 'inference-critical' as const],
    };
    expect(teamNamespaceChange(ns, form)).toEqual({
      description: '',
      priorityClasses: ['inference-critical', 'experiment'],
    });
  });
});

describe('TeamNamespaceDialog', () => {
  it('checks the fields before the write and shows each error under its field', async () => {
    const createTeamNamespace = jest.fn();
    await renderDialog({ createTeamNamespace });
    type('Name', 'kube-ml');
    type('Team', 'ml-research');
    type('Memory', 'lots');
    for (const p of ['inference-critical', 'training', 'experiment']) {
      fireEvent.click(screen.getByLabelText(new RegExp(`^${p} \\(`)));
    }
    fireEvent.click(
      screen.getByRole('button', { name: 'Create team namespace' }),
    );
    expect(
      screen.getByText('Namespace default, kube-* and karmada-* are reserved'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      screen.getByText(
        'Team must be a group entity ref such as group:default/ml-research',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Memory')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      screen.getByText('Allow at least one priority class'),
    ).toBeInTheDocument();
    expect(createTeamNamespace).not.toHaveBeenCalled();

    // A quota needs at least one limit.
    type('Memory', '');
    expect(
      screen.getByText('Set at least one of gpu, cpu, memory and pods'),
    ).toBeInTheDocument();
  });

  it('labels the priority classes with their value and description', async () => {
    await renderDialog({});
    const critical = screen.getByLabelText('inference-critical (1,000,000)');
    expect(critical).toBeChecked();
    expect(critical).toHaveAccessibleDescription(
      'Model servers that answer users: never preempted by training',
    );
    expect(screen.getByLabelText('training (100,000)')).toBeChecked();
    expect(screen.getByLabelText('experiment (10,000)')).toBeChecked();
  });

  it('submits the spec with the ticked priority classes', async () => {
    const createTeamNamespace = jest.fn(async (spec: any) => ({
      ...ns,
      ...spec,
    }));
    const { onSaved } = await renderDialog({ createTeamNamespace });
    type('Name', 'vision');
    type('Team', 'group:default/vision');
    type('Description', 'Vision models');
    type('GPU', '2');
    type('CPU', '32');
    type('Memory', '256Gi');
    type('Pods', '40');
    fireEvent.click(screen.getByLabelText('training (100,000)'));
    fireEvent.click(
      screen.getByRole('button', { name: 'Create team namespace' }),
    );
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(createTeamNamespace).toHaveBeenCalledWith({
      name: 'vision',
      team: 'group:default/vision',
      description: 'Vision models',
      quota: { gpu: 2, cpu: '32', memory: '256Gi', pods: 40 },
      priorityClasses: ['inference-critical', 'experiment'],
    });
  });

  it('shows what the server says in the dialog', async () => {
    const createTeamNamespace = jest.fn(async () => {
      throw Object.assign(new Error('Request failed with 409 Conflict'), {
        statusCode: 409,
        cause: { message: 'Team namespace vision exists' },
      });
    });
    const { onSaved } = await renderDialog({ createTeamNamespace });
    type('Name', 'vision');
    type('Team', 'group:default/vision');
    type('Pods', '10');
    fireEvent.click(
      screen.getByRole('button', { name: 'Create team namespace' }),
    );
    expect(
      await screen.findByText('Team namespace vision exists'),
    ).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
    expect(
      screen.getByRole('button', { name: 'Create team namespace' }),
    ).toBeEnabled();
  });

  it('edits quota, description and priority classes; name and team stay', async () => {
    const updateTeamNamespace = jest.fn(async () => ns);
    const { onSaved } = await renderDialog({ updateTeamNamespace }, ns);
    expect(
      screen.getByRole('dialog', { name: 'Edit team namespace ml-research' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveAttribute('readonly');
    expect(screen.getByLabelText('Team')).toHaveAttribute('readonly');
    expect(screen.getByLabelText('experiment (10,000)')).not.toBeChecked();

    fireEvent.click(
      screen.getByRole('button', { name: 'Save team namespace' }),
    );
    expect(await screen.findByText(/^Nothing changed/)).toBeInTheDocument();
    expect(updateTeamNamespace).not.toHaveBeenCalled();

    type('Description', 'Research and vision models');
    type('CPU', '');
    type('Pods', '30');
    fireEvent.click(screen.getByLabelText('experiment (10,000)'));
    fireEvent.click(
      screen.getByRole('button', { name: 'Save team namespace' }),
    );
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(updateTeamNamespace).toHaveBeenCalledWith('ml-research', {
      description: 'Research and vision models',
      quota: { gpu: 4, memory: '128Gi', pods: 30 },
      priorityClasses: ['inference-critical', 'training', 'experiment'],
    });
  });
});
