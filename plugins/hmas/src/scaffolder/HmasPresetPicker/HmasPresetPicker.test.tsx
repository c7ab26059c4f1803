import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { PolicyPreset } from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { fieldProps } from '../__testUtils__/fields';
import { HmasPresetPicker } from './HmasPresetPicker';

const preset: PolicyPreset = {
  id: '6f1c2a52-2f4e-4c43-9d0b-0c5b1d7b1a11',
  name: 'gpu-general-failover',
  title: 'GPU General, failover after 60 s',
  placement: {
    zone: 'gpu-general',
    replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
  },
  failover: { tolerationSeconds: 60, purgeMode: 'Gracefully' },
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  createdBy: 'user:default/ada',
} as PolicyPreset;

/** The select, once the presets are loaded. */
async function select() {
  const button = await screen.findByRole('button', { name: /Policy preset/ });
  await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'));
  return button;
}

async function render(
  listPresets: () => Promise<PolicyPreset[]>,
  formData?: string,
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi({ listPresets })]]}>
      <HmasPresetPicker
        {...fieldProps({
          onChange,
          formData,
          schema: { title: 'Policy preset' },
        })}
      />
    </TestApiProvider>,
  );
  return { onChange };
}

describe('HmasPresetPicker', () => {
  it('offers the presets with what they do and reports the chosen id', async () => {
    const { onChange } = await render(async () => [preset]);
    fireEvent.mouseDown(await select());
    const listbox = within(screen.getByRole('listbox'));
    expect(
      listbox.getByText(
        'GPU General · Divided by available replicas · failover after 60 s, purge Gracefully',
      ),
    ).toBeInTheDocument();
    fireEvent.click(
      listbox.getByText(
        'GPU General, failover after 60 s (gpu-general-failover)',
      ),
    );
    expect(onChange).toHaveBeenLastCalledWith(preset.id);
  });

  it('shows the chosen preset’s summary, and None clears it', async () => {
    const { onChange } = await render(async () => [preset], preset.id);
    expect(
      await screen.findByText(
        'GPU General · Divided by available replicas · failover after 60 s, purge Gracefully',
      ),
    ).toBeInTheDocument();
    expect(await select()).toHaveTextContent(
      'GPU General, failover after 60 s (gpu-general-failover)',
    );
    fireEvent.mouseDown(await select());
    fireEvent.click(within(screen.getByRole('listbox')).getByText('None'));
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('says when the presets cannot be loaded, and retries', async () => {
    const list = jest
      .fn()
      .mockRejectedValueOnce(new Error('H-MAS is down'))
      .mockResolvedValue([preset]);
    await render(list);
    expect(
      await screen.findByText(/Could not load the policy presets from H-MAS/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await select()).toHaveTextContent('None');
    expect(list).toHaveBeenCalledTimes(2);
  });
});
