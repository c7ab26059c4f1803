import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi, testCluster } from '../../testUtils/fakeApi';
import { LabelEditor } from './LabelEditor';

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('LabelEditor', () => {
  it('adds gpu-tier, derives cluster-type, warns about the zone move and saves', async () => {
    const update = jest.fn(async (name: string) =>
      testCluster(name, { zone: 'gpu-general' }),
    );
    const onSaved = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ updateClusterLabels: update })]]}
      >
        <LabelEditor
          cluster={testCluster('joined', {
            resourceVersion: '41',
            labels: { team: 'ml' },
          })}
          onSaved={onSaved}
          onCancel={jest.fn()}
          onReload={jest.fn()}
        />
      </TestApiProvider>,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
    type('Label key 2', 'gpu-tier');
    type('Label value 2', 'general');

    expect(screen.getByLabelText('Label key 3')).toHaveValue('cluster-type');
    expect(screen.getByLabelText('Label value 3')).toHaveValue('standard');
    expect(screen.getByLabelText('Label value 3')).toBeDisabled();
    expect(screen.getByTestId('zone-change-banner')).toHaveTextContent(
      'moves from Unclassified to GPU General',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Save labels' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(update).toHaveBeenCalledWith('joined', {
      set: { 'gpu-tier': 'general', 'cluster-type': 'standard' },
      remove: [],
      resourceVersion: '41',
    });
  });

  it('shows errors for invalid, empty and duplicate keys and does not save', async () => {
    const update = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ updateClusterLabels: update })]]}
      >
        <LabelEditor
          cluster={testCluster('c', { labels: { team: 'ml' } })}
          onSaved={jest.fn()}
          onCancel={jest.fn()}
          onReload={jest.fn()}
        />
      </TestApiProvider>,
    );

    type('Label key 1', 'bad key!');
    expect(screen.getByText(/Key name must consist of/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save labels' })).toBeDisabled();

    type('Label key 1', 'team');
    fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
    expect(screen.getByText('Key is required')).toBeInTheDocument();
    type('Label key 2', 'team');
    expect(
      screen.getByText('Duplicate key (also in row 1)'),
    ).toBeInTheDocument();
    type('Label value 2', 'not valid');
    expect(screen.getByText(/Value must consist of/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save labels' })).toBeDisabled();
    expect(update).not.toHaveBeenCalled();
  });

  it('removes a deleted label', async () => {
    const update = jest.fn(async (name: string) => testCluster(name));
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, fakeHmasApi({ updateClusterLabels: update })]]}
      >
        <LabelEditor
          cluster={testCluster('c', {
            labels: { team: 'ml', env: 'prod' },
            resourceVersion: '5',
          })}
          onSaved={jest.fn()}
          onCancel={jest.fn()}
          onReload={jest.fn()}
        />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete label team' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save labels' }));
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith('c', {
        set: {},
        remove: ['team'],
        resourceVersion: '5',
      }),
    );
  });

  it('offers a reload when the cluster changed meanwhile (409)', async () => {
    const conflict = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message: 'Cluster c changed since it was read',
          },
          response: { statusCode: 409 },
        }),
        {
          status: 409,
          statusText: 'Conflict',
          headers: { 'content-type': 'application/json' },
        },
      ) as any,
    );
    const onReload = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              updateClusterLabels: async () => {
                throw conflict;
              },
            }),
          ],
        ]}
      >
        <LabelEditor
          cluster={testCluster('c', { labels: { team: 'ml' } })}
          onSaved={jest.fn()}
          onCancel={jest.fn()}
          onReload={onReload}
        />
      </TestApiProvider>,
    );
    type('Label value 1', 'infra');
    fireEvent.click(screen.getByRole('button', { name: 'Save labels' }));
    expect(
      await screen.findByText(/changed while you were editing/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalled();
  });
});
