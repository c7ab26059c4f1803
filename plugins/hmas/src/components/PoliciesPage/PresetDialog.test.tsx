import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { PresetDialog } from './PresetDialog';

async function choose(label: string, option: string) {
  fireEvent.mouseDown(
    screen.getByRole('button', { name: new RegExp(`^${label} `) }),
  );
  fireEvent.click(within(screen.getByRole('listbox')).getByText(option));
  await waitFor(() =>
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
  );
}

async function renderDialog(createPreset: jest.Mock) {
  const onCreated = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi({ createPreset })]]}>
      <PresetDialog onClose={() => {}} onCreated={onCreated} />
    </TestApiProvider>,
  );
  fireEvent.change(screen.getByLabelText('Name'), {
    target: { value: 'gpu-general-divided-failover-60' },
  });
  fireEvent.change(screen.getByLabelText('Title'), {
    target: { value: 'GPU General, divided, failover after 60 s' },
  });
  await choose('Zone', 'GPU General');
  fireEvent.click(screen.getByLabelText('Divided by available replicas'));
  fireEvent.click(screen.getByLabelText('Application failover'));
  fireEvent.change(screen.getByLabelText('Toleration (seconds)'), {
    target: { value: '60' },
  });
  return { onCreated };
}

describe('PresetDialog', () => {
  it('enables the grace period only for Gracefully and refuses it with Directly', async () => {
    const createPreset = jest.fn();
    await renderDialog(createPreset);
    const grace = screen.getByLabelText('Grace period (seconds)');
    expect(grace).toBeDisabled();

    await choose('Purge mode', 'Gracefully');
    expect(grace).toBeEnabled();
    fireEvent.change(grace, { target: { value: '30' } });
    await choose('Purge mode', 'Directly');
    // Kept (and editable) so the conflict shows rather than vanishing silently.
    expect(grace).toHaveValue(30);

    fireEvent.click(screen.getByRole('button', { name: 'Create preset' }));
    expect(
      screen.getByRole('list', { name: 'Preset errors' }),
    ).toHaveTextContent(
      'failover.gracePeriodSeconds: gracePeriodSeconds requires purgeMode Gracefully',
    );
    expect(grace).toHaveAttribute('aria-invalid', 'true');
    expect(createPreset).not.toHaveBeenCalled();

    fireEvent.change(grace, { target: { value: '' } });
    expect(grace).toBeDisabled();
    expect(
      screen.queryByRole('list', { name: 'Preset errors' }),
    ).not.toBeInTheDocument();
  });

  it('submits the preset spec', async () => {
    const createPreset = jest.fn(async (spec: object) => ({
      ...spec,
      id: '1',
    }));
    const { onCreated } = await renderDialog(createPreset);
    fireEvent.click(screen.getByRole('button', { name: 'Create preset' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(createPreset).toHaveBeenCalledWith({
      name: 'gpu-general-divided-failover-60',
      title: 'GPU General, divided, failover after 60 s',
      placement: {
        zone: 'gpu-general',
        replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
      },
      failover: { tolerationSeconds: 60 },
    });
  });

  it('shows a server error in an alert', async () => {
    const createPreset = jest.fn(async () => {
      throw new Error('Invalid preset: name: a preset with this name exists');
    });
    await renderDialog(createPreset);
    fireEvent.click(screen.getByRole('button', { name: 'Create preset' }));
    expect(
      await screen.findByText(
        'Invalid preset: name: a preset with this name exists',
      ),
    ).toBeInTheDocument();
  });
});
