import { toastApiRef } from '@backstage/frontend-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { fireEvent, render, screen } from '@testing-library/react';
import { useConfirm } from './useConfirm';

function Saver() {
  const confirm = useConfirm();
  return <button onClick={() => confirm('Preset gpu-ha created')}>Save</button>;
}

describe('useConfirm', () => {
  it('posts a success toast that times out', () => {
    const post = jest.fn();
    render(
      <TestApiProvider apis={[[toastApiRef, { post } as any]]}>
        <Saver />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(post).toHaveBeenCalledWith({
      title: 'Preset gpu-ha created',
      status: 'success',
      timeout: 5000,
    });
  });

  it('does nothing in an app without a toast API', () => {
    render(
      <TestApiProvider apis={[]}>
        <Saver />
      </TestApiProvider>,
    );
    expect(() =>
      fireEvent.click(screen.getByRole('button', { name: 'Save' })),
    ).not.toThrow();
  });
});
