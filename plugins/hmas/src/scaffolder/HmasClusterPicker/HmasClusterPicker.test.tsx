import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ZoneGroup } from '@h-mas/plugin-hmas-common';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { fieldProps, fleet, validate } from '../__testUtils__/fields';
import {
  HmasClusterPicker,
  hmasClusterPickerValidation,
} from './HmasClusterPicker';

async function render(
  options: {
    listZoneGroups?: () => Promise<ZoneGroup[]>;
    formData?: string[];
    uiOptions?: object;
  } = {},
) {
  const onChange = jest.fn();
  const listZoneGroups = jest.fn(
    options.listZoneGroups ?? (async () => fleet()),
  );
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi({ listZoneGroups })]]}>
      <HmasClusterPicker
        {...fieldProps({
          onChange,
          formData: options.formData,
          schema: { title: 'Clusters', description: 'Pick the clusters' },
          uiSchema: { 'ui:options': options.uiOptions ?? {} },
        })}
      />
    </TestApiProvider>,
  );
  return { onChange, listZoneGroups };
}

/** Opens the list from the keyboard, as a person tabbing through the form would. */
async function openList() {
  const input = screen.getByRole('textbox', { name: 'Clusters' });
  act(() => input.focus());
  fireEvent.keyDown(input, { key: 'ArrowDown' });
  return screen.findByRole('listbox');
}

describe('HmasClusterPicker', () => {
  it('lists the clusters by zone with their readiness', async () => {
    const { listZoneGroups } = await render();
    await screen.findByText('Pick the clusters');
    await screen.findByRole('textbox', { name: 'Clusters' });
    const list = await openList();
    const options = within(list).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'hp-1GPU High Performance · Ready · h100',
      'hp-2GPU High Performance · Not ready',
      'hp-3GPU High Performance · Ready · a100',
      'gen-1GPU General · Ready · l4',
      'joinedUnclassified · Ready',
    ]);
    expect(within(list).getByText('GPU General')).toBeInTheDocument();
    expect(listZoneGroups).toHaveBeenCalledTimes(1);
  });

  it('adds the picked cluster to the chosen names', async () => {
    const { onChange } = await render({ formData: ['hp-1'] });
    expect(await screen.findByRole('button', { name: 'hp-1' })).toBeTruthy();
    const list = await openList();
    // A chosen cluster is not offered twice.
    expect(within(list).queryByText('hp-1')).not.toBeInTheDocument();
    fireEvent.click(within(list).getByText('gen-1'));
    expect(onChange).toHaveBeenLastCalledWith(['hp-1', 'gen-1']);
  });

  it('clears the value when the last chip is removed', async () => {
    const { onChange } = await render({ formData: ['hp-2'] });
    const chip = await screen.findByRole('button', {
      name: 'hp-2 (not ready)',
    });
    fireEvent.click(chip.querySelector('svg')!);
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('only offers the clusters of the zone in ui:options', async () => {
    await render({ uiOptions: { zone: 'gpu-general' } });
    expect(
      await screen.findByText(
        'Pick the clusters (clusters of GPU General only)',
      ),
    ).toBeInTheDocument();
    const list = await openList();
    expect(
      within(list)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['gen-1GPU General · Ready · l4']);
  });

  it('says so when the zone has no cluster', async () => {
    await render({ uiOptions: { zone: 'cpu-only' } });
    expect(
      await screen.findByText('No cluster of CPU Only is registered yet'),
    ).toBeInTheDocument();
  });

  it('shows a name H-MAS does not know', async () => {
    await render({ formData: ['gone'] });
    expect(
      await screen.findByRole('button', { name: 'gone (not registered)' }),
    ).toBeInTheDocument();
  });

  it('says the clusters are loading', async () => {
    await render({ listZoneGroups: () => new Promise(() => {}) });
    await openList().catch(() => undefined);
    expect(screen.getByText('Loading clusters…')).toBeInTheDocument();
  });

  it('shows the error and retries', async () => {
    let calls = 0;
    const { listZoneGroups } = await render({
      listZoneGroups: async () => {
        calls++;
        if (calls === 1) throw new Error('H-MAS is down');
        return fleet();
      },
    });
    expect(
      await screen.findByText(/Could not load the clusters from H-MAS/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    const list = await openList();
    expect(within(list).getAllByRole('option')).toHaveLength(5);
    expect(listZoneGroups).toHaveBeenCalledTimes(2);
  });
});

describe('hmasClusterPickerValidation', () => {
  it.each([
    [['hp-1', 'gen-1'], {}, []],
    [['hp-1', 'hp-3'], { zone: 'gpu-high' }, []],
    ['hp-1', {}, ['Choose clusters from the list']],
    [[], {}, ['Choose at least one cluster']],
    [['hp-1', 'hp-1'], {}, ['Cluster hp-1 is listed twice']],
    [['gone'], {}, ['Cluster gone is not registered with Karmada']],
    [
      ['gen-1'],
      { zone: 'gpu-high' },
      ['Cluster gen-1 is in GPU General, not in GPU High Performance'],
    ],
    [
      ['Bad_Name'],
      {},
      [
        'Cluster name "Bad_Name" must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit',
        'Cluster Bad_Name is not registered with Karmada',
      ],
    ],
  ])('%j with %j → %j', async (value, uiOptions, errors) => {
    expect(
      await validate(hmasClusterPickerValidation, value as string[], {
        uiOptions,
      }),
    ).toEqual(errors);
  });

  it('checks only the names when H-MAS cannot list the clusters', async () => {
    const groups = async (): Promise<ZoneGroup[]> => {
      throw new Error('down');
    };
    expect(
      await validate(hmasClusterPickerValidation, ['gone'], { groups }),
    ).toEqual([]);
    expect(
      await validate(hmasClusterPickerValidation, ['gone', 'gone'], {
        groups,
      }),
    ).toEqual(['Cluster gone is listed twice']);
  });
});
