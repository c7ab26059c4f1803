import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi, testCluster } from '../../testUtils/fakeApi';
import {
  customGpuTypeError,
  RegisterClusterDialog,
} from './RegisterClusterDialog';

describe('customGpuTypeError', () => {
  it.each([
    ['', [], 'Type a GPU type first'],
    ['   ', [], 'Type a GPU type first'],
    [' A100 ', ['a100'], 'a100 is already chosen'],
    ['mi 300', [], 'Value must consist of'],
  ])('%j with %j → %s', (input, chosen, message) => {
    expect(customGpuTypeError(input, chosen)).toContain(message);
  });

  it('accepts a new type', () => {
    expect(customGpuTypeError(' MI300X ', ['a100'])).toBeUndefined();
  });
});

describe('RegisterClusterDialog', () => {
  async function render(
    register = jest.fn(async () => testCluster('new-gpu')),
  ) {
    const onRegistered = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ registerCluster: register })]]}
      >
        <RegisterClusterDialog
          onClose={jest.fn()}
          onRegistered={onRegistered}
        />
      </TestApiProvider>,
    );
    return { register, onRegistered };
  }

  it('adds custom GPU types with Enter, refuses duplicates and removes chips', async () => {
    await render();
    const custom = screen.getByLabelText('Custom GPU type');
    fireEvent.change(custom, { target: { value: ' MI300X ' } });
    fireEvent.keyDown(custom, { key: 'Enter' });
    expect(screen.getByTestId('custom-gpu-type-mi300x')).toBeInTheDocument();
    expect(custom).toHaveValue('');

    fireEvent.change(custom, { target: { value: 'mi300x' } });
    fireEvent.keyDown(custom, { key: 'Enter' });
    expect(screen.getByText('mi300x is already chosen')).toBeInTheDocument();

    fireEvent.change(custom, { target: { value: '' } });
    fireEvent.keyDown(custom, { key: 'Enter' });
    expect(screen.getByText('Type a GPU type first')).toBeInTheDocument();

    const chip = screen.getByTestId('custom-gpu-type-mi300x');
    fireEvent.click(chip.querySelector('svg')!);
    expect(
      screen.queryByTestId('custom-gpu-type-mi300x'),
    ).not.toBeInTheDocument();
  });

  it('names invalid fields and does not submit', async () => {
    const { register } = await render();
    fireEvent.change(screen.getByLabelText(/^Name/), {
      target: { value: 'Bad_Name' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(
      await screen.findByText(/must be a DNS-1123 label/),
    ).toBeInTheDocument();
    expect(screen.getByText('must be a URL')).toBeInTheDocument();
    expect(register).not.toHaveBeenCalled();
  });

  it('registers with presets and custom types', async () => {
    const { register, onRegistered } = await render();
    fireEvent.change(screen.getByLabelText(/^Name/), {
      target: { value: 'new-gpu' },
    });
    fireEvent.change(screen.getByLabelText(/^API endpoint/), {
      target: { value: 'https://new-gpu.example:6443' },
    });
    fireEvent.click(
      screen.getByRole('radio', { name: 'GPU High Performance' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'h100' }));
    const custom = screen.getByLabelText('Custom GPU type');
    fireEvent.change(custom, { target: { value: 'gb200' } });
    fireEvent.keyDown(custom, { key: 'Enter' });
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));

    await waitFor(() => expect(onRegistered).toHaveBeenCalled());
    expect(register).toHaveBeenCalledWith({
      name: 'new-gpu',
      apiEndpoint: 'https://new-gpu.example:6443',
      syncMode: 'Push',
      zone: 'gpu-high',
      gpuTypes: ['h100', 'gb200'],
    });
  });
});
