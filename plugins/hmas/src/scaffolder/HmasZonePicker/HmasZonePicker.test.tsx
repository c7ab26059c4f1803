import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { TeamNamespace, ZoneGroup } from '@h-mas/plugin-hmas-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { fieldProps, fleet, validate } from '../__testUtils__/fields';
import { HmasZonePicker, hmasZonePickerValidation } from './HmasZonePicker';

async function render(
  options: {
    listZoneGroups?: () => Promise<ZoneGroup[]>;
    formData?: string;
    uiOptions?: object;
    rawErrors?: string[];
    listTeamNamespaces?: () => Promise<TeamNamespace[]>;
    ownershipEntityRefs?: string[];
    /** The whole form's data, as the scaffolder hands it in formContext. */
    form?: Record<string, unknown>;
  } = {},
) {
  const onChange = jest.fn();
  const listZoneGroups = jest.fn(
    options.listZoneGroups ?? (async () => fleet()),
  );
  const listTeamNamespaces = jest.fn(
    options.listTeamNamespaces ?? (async () => []),
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [hmasApiRef, fakeHmasApi({ listZoneGroups, listTeamNamespaces })],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/ada',
            ownershipEntityRefs: options.ownershipEntityRefs ?? [
              'user:default/ada',
              'group:default/ml-research',
            ],
          }),
        ],
      ]}
    >
      <HmasZonePicker
        {...fieldProps({
          onChange,
          formData: options.formData,
          rawErrors: options.rawErrors ?? [],
          formContext: { formData: options.form ?? {} },
          schema: { title: 'Zone', description: 'Where the replicas run' },
          uiSchema: { 'ui:options': options.uiOptions ?? {} },
        })}
      />
    </TestApiProvider>,
  );
  return { onChange, listZoneGroups, listTeamNamespaces };
}

function teamNamespace(name: string, team: string): TeamNamespace {
  const hard = { 'requests.nvidia.com/gpu': '4', pods: '20' };
  return {
    name,
    team,
    quota: { gpu: 4, pods: 20 },
    priorityClasses: ['inference-critical'],
    state: 'active',
    createdBy: 'user:default/admin',
    createdAt: '2026-12-07T09:00:00.000Z',
    updatedAt: '2026-12-07T09:00:00.000Z',
    usage: [
      {
        cluster: 'hp-1',
        hard,
        used: { 'requests.nvidia.com/gpu': '1', pods: '2' },
      },
      { cluster: 'hp-3', hard, used: {} },
      { cluster: 'gen-1', hard: {}, used: {} },
      { cluster: 'joined', hard: {}, used: {}, error: 'unreachable' },
    ],
  };
}

describe('HmasZonePicker', () => {
  it('shows each zone with its ready clusters and names the ones not ready', async () => {
    await render();
    const high = screen.getByTestId('hmas-zone-gpu-high');
    expect(
      await within(high).findByText('2 clusters match'),
    ).toBeInTheDocument();
    expect(within(high).getByText('1 not ready: hp-2')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('hmas-zone-gpu-general')).getByText(
        '1 cluster matches',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('hmas-zone-cpu-only')).getByText(
        '0 clusters match',
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('radio')).toHaveLength(3);
    expect(
      screen.queryByRole('radio', { name: /Unclassified/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('Where the replicas run')).toBeInTheDocument();
  });

  it('offers Unclassified with allowUnclassified', async () => {
    await render({ uiOptions: { allowUnclassified: true } });
    expect(
      await screen.findByRole('radio', { name: /Unclassified/ }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('radio')).toHaveLength(4);
  });

  it('reports the chosen zone id', async () => {
    const { onChange } = await render();
    await screen.findByText('1 cluster matches');
    fireEvent.click(screen.getByRole('radio', { name: /GPU General/ }));
    expect(onChange).toHaveBeenCalledWith('gpu-general');
  });

  it('marks the chosen zone and warns when none of its clusters is ready', async () => {
    await render({ formData: 'cpu-only' });
    expect(
      await screen.findByRole('radio', { name: /CPU Only/ }),
    ).toBeChecked();
    expect(
      await screen.findByText(/No cluster of CPU Only is ready now/),
    ).toBeInTheDocument();
  });

  it('shows progress while the clusters load', async () => {
    await render({ listZoneGroups: () => new Promise(() => {}) });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(screen.getAllByText('Counting clusters…')).toHaveLength(3);
  });

  it('shows the error, keeps the zones choosable and retries', async () => {
    let calls = 0;
    const { listZoneGroups, onChange } = await render({
      listZoneGroups: async () => {
        calls++;
        if (calls === 1) throw new Error('H-MAS is down');
        return fleet();
      },
    });
    expect(
      await screen.findByText(/Could not load the clusters from H-MAS/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/H-MAS is down/).length).toBeGreaterThan(0);
    expect(screen.getAllByText('Cluster count unavailable')).toHaveLength(3);
    fireEvent.click(screen.getByRole('radio', { name: /GPU High/ }));
    expect(onChange).toHaveBeenCalledWith('gpu-high');

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('2 clusters match')).toBeInTheDocument();
    expect(listZoneGroups).toHaveBeenCalledTimes(2);
  });

  it('shows the quota use of the user’s team namespace on each zone’s clusters', async () => {
    const { listTeamNamespaces } = await render({
      listTeamNamespaces: async () => [
        teamNamespace('vision', 'group:default/vision'),
        teamNamespace('ml-research', 'group:default/ml-research'),
      ],
    });
    expect(
      await screen.findByText(
        'Team namespace ml-research: hp-1 GPU 1/4 · pods 2/20; hp-3 GPU 0/4 · pods 0/20',
      ),
    ).toBeInTheDocument();
    expect(listTeamNamespaces).toHaveBeenCalledWith({ usage: true });
    expect(
      within(screen.getByTestId('hmas-zone-gpu-high')).getByTestId(
        'hmas-zone-gpu-high-quota',
      ),
    ).toBeInTheDocument();
    // gen-1 reports no quota: nothing under GPU General.
    expect(screen.queryByTestId('hmas-zone-gpu-general-quota')).toBeNull();
    expect(screen.queryAllByText(/^Team namespace/)).toHaveLength(1);
  });

  it.each([
    ['the user is in no team', ['user:default/ada']],
    [
      'the user is in two teams with a namespace',
      ['user:default/ada', 'group:default/ml-research', 'group:default/vision'],
    ],
  ])('shows no quota when %s', async (_what, ownershipEntityRefs) => {
    const { listTeamNamespaces } = await render({
      ownershipEntityRefs,
      listTeamNamespaces: async () => [
        teamNamespace('vision', 'group:default/vision'),
        teamNamespace('ml-research', 'group:default/ml-research'),
      ],
    });
    await screen.findByText('1 cluster matches');
    await waitFor(() => expect(listTeamNamespaces).toHaveBeenCalled());
    await act(async () => {});
    expect(screen.queryByText(/^Team namespace/)).toBeNull();
  });

  it('says how each zone’s clusters share their GPUs', async () => {
    await render({
      listZoneGroups: async () =>
        fleet().map(g => ({
          ...g,
          clusters: g.clusters.map(c =>
            c.name === 'hp-1'
              ? {
                  ...c,
                  gpuSharing: { timeSliced: false, migProfiles: ['1g.5gb'] },
                }
              : {
                  ...c,
                  gpuSharing: {
                    timeSliced: c.name === 'hp-3',
                    migProfiles: [],
                  },
                },
          ),
        })),
    });
    expect(
      await screen.findByTestId('hmas-zone-gpu-high-sharing'),
    ).toHaveTextContent('GPU sharing: hp-1 MIG 1g.5gb; hp-3 time-sliced');
    // Whole GPUs everywhere: no caption.
    expect(screen.queryByTestId('hmas-zone-gpu-general-sharing')).toBeNull();
  });

  it('does not offer CPU Only to a deployment in GPU mode, and says why', async () => {
    await render({
      uiOptions: { runtimeModelField: 'runtimeModel' },
      form: { runtimeModel: { runtime: 'vllm', gpuMode: 'gpu' } },
    });
    const cpu = await screen.findByRole('radio', { name: /CPU Only/ });
    expect(cpu).toBeDisabled();
    expect(
      screen.getByTestId('hmas-zone-cpu-only-unavailable'),
    ).toHaveTextContent('Needs GPUs: vLLM runs in GPU mode');
    expect(screen.getByRole('radio', { name: /GPU General/ })).toBeEnabled();
  });

  it('offers CPU Only to a deployment in CPU mode', async () => {
    await render({
      uiOptions: { runtimeModelField: 'runtimeModel' },
      form: { runtimeModel: { runtime: 'llamacpp', gpuMode: 'cpu' } },
    });
    expect(
      await screen.findByRole('radio', { name: /CPU Only/ }),
    ).toBeEnabled();
    expect(screen.queryByTestId('hmas-zone-cpu-only-unavailable')).toBeNull();
  });

  it('offers every zone to a deployment in CPU mode: GPU clusters have CPUs too', async () => {
    await render({
      uiOptions: { runtimeModelField: 'runtimeModel' },
      form: { runtimeModel: { runtime: 'ollama', gpuMode: 'cpu' } },
    });
    for (const zone of [/GPU High Performance/, /GPU General/, /CPU Only/]) {
      expect(await screen.findByRole('radio', { name: zone })).toBeEnabled();
    }
  });

  it('takes back CPU Only chosen before the runtime switched to GPU mode, and says why next to the zones', async () => {
    const { onChange } = await render({
      formData: 'cpu-only',
      uiOptions: { runtimeModelField: 'runtimeModel' },
      form: { runtimeModel: { runtime: 'llamacpp', gpuMode: 'gpu' } },
    });
    await screen.findByText('2 clusters match');
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith(undefined);
    expect(
      screen.getByText(
        'CPU Only was unselected: llama.cpp runs in GPU mode and CPU Only has no GPUs. Choose a GPU zone.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /CPU Only/ })).toBeDisabled();
  });

  it('keeps a zone that suits the GPU mode', async () => {
    const { onChange } = await render({
      formData: 'gpu-general',
      uiOptions: { runtimeModelField: 'runtimeModel' },
      form: { runtimeModel: { runtime: 'llamacpp', gpuMode: 'gpu' } },
    });
    await screen.findByText('2 clusters match');
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.queryByText(/was unselected/)).toBeNull();
  });

  it('works without the quota when the team namespaces cannot be read', async () => {
    const { onChange, listTeamNamespaces } = await render({
      listTeamNamespaces: async () => {
        throw new Error('Not allowed to list team namespaces');
      },
    });
    await screen.findByText('2 clusters match');
    await waitFor(() => expect(listTeamNamespaces).toHaveBeenCalled());
    await act(async () => {});
    expect(screen.queryByText(/Team namespace|Not allowed/)).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: /GPU High/ }));
    expect(onChange).toHaveBeenCalledWith('gpu-high');
  });

  it('marks the field as failing when the form reports errors', async () => {
    await render({ rawErrors: ['is a required property'] });
    await screen.findByText('1 cluster matches');
    expect(screen.getByText('Zone').closest('legend')).toHaveClass('Mui-error');
  });
});

describe('hmasZonePickerValidation', () => {
  it.each([
    ['gpu-high', {}, []],
    ['cpu-only', {}, []],
    ['unclassified', { allowUnclassified: true }, []],
    [
      'unclassified',
      {},
      ['Unclassified clusters cannot be chosen here: choose a classified zone'],
    ],
    [
      'gpu-mega',
      {},
      [
        'Unknown zone "gpu-mega": choose one of gpu-high, gpu-general, cpu-only',
      ],
    ],
    [
      ['gpu-high', 'moon'],
      {},
      ['Unknown zone "moon": choose one of gpu-high, gpu-general, cpu-only'],
    ],
  ])('%j with %j → %j', async (value, uiOptions, errors) => {
    expect(
      await validate(hmasZonePickerValidation, value as string, { uiOptions }),
    ).toEqual(errors);
  });

  it.each([
    [
      'vllm',
      'gpu',
      'cpu-only',
      [
        'vLLM runs in GPU mode and the CPU Only zone has no GPUs: choose a GPU zone, or CPU mode if the runtime has one',
      ],
    ],
    ['ollama', 'cpu', 'cpu-only', []],
    ['vllm', 'gpu', 'gpu-general', []],
  ])(
    'checks %s in %s mode against zone %s',
    async (runtime, gpuMode, zone, errors) => {
      const runtimeModel = { runtime, gpuMode, model: {} };
      expect(
        await validate(hmasZonePickerValidation, zone, {
          uiOptions: { runtimeModelField: 'runtimeModel' },
          formData: { runtimeModel },
        }),
      ).toEqual(errors);
      // Without the option the zone picker does not look at the rest of the form.
      expect(
        await validate(hmasZonePickerValidation, zone, {
          formData: { runtimeModel },
        }),
      ).toEqual([]);
    },
  );
});
