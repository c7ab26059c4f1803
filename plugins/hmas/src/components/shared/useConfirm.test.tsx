import { alertApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { fireEvent, render, screen } from '@testing-library/react';
import { useConfirm } from './useConfirm';

function Saver() {
  const confirm = useConfirm();
  return <button onClick={() => confirm('Preset gpu-ha created')}>Save</button>;
}

describe('useConfirm', () => {
  it('posts a transient success alert', () => {
    const post = jest.fn();
    render(
      <TestApiProvider apis={[[alertApiRef, { post } as any]]}>
        <Saver />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(post).toHaveBeenCalledWith({
      message: 'Preset gpu-ha created',
      severity: 'success',
      display: 'transient',
    });
  });

  it('does nothing in an app without an alert API', () => {
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
