import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ZoneGroup } from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, within } from '@testing-library/react';
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
  } = {},
) {
  const onChange = jest.fn();
  const listZoneGroups = jest.fn(
    options.listZoneGroups ?? (async () => fleet()),
  );
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi({ listZoneGroups })]]}>
      <HmasZonePicker
        {...fieldProps({
          onChange,
          formData: options.formData,
          rawErrors: options.rawErrors ?? [],
          schema: { title: 'Zone', description: 'Where the replicas run' },
          uiSchema: { 'ui:options': options.uiOptions ?? {} },
        })}
      />
    </TestApiProvider>,
  );
  return { onChange, listZoneGroups };
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
