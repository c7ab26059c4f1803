import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { AuditEntry, AuditQuery } from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { AUDIT_PAGE_SIZE, AuditPage } from './AuditPage';

const entry = (id: number, patch: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  createdAt: '2026-12-07T09:00:00.000Z',
  actor: 'user:default/guest',
  source: 'ui',
  action: 'preset.update',
  targetKind: 'preset',
  targetName: 'spread-two',
  summary: `change ${id}`,
  outcome: 'succeeded',
  ...patch,
});

function setup() {
  const queries: Partial<AuditQuery>[] = [];
  const api = fakeHmasApi({
    listAuditPage: async (query = {}) => {
      queries.push(query);
      if (query.before === 10) return { items: [entry(9)] };
      return {
        items: [
          entry(11, {
            outcome: 'failed',
            summary: 'failed: preset spread-two exists',
            details: { error: { name: 'ConflictError' } },
          }),
          entry(10, {
            details: { before: { title: 'Old' }, after: { title: 'New' } },
          }),
        ],
        nextBefore: 10,
      };
    },
  });
  return { api, queries };
}

describe('AuditPage', () => {
  it('asks the server for each filter and pages by its cursor', async () => {
    const { api, queries } = setup();
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, api]]}>
        <AuditPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('failed: preset spread-two exists'),
    ).toBeInTheDocument();
    expect(queries[0]).toEqual({ limit: AUDIT_PAGE_SIZE });

    fireEvent.mouseDown(screen.getByLabelText('Outcome'));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('failed'),
    );
    await waitFor(() =>
      expect(queries[queries.length - 1]).toEqual({
        limit: AUDIT_PAGE_SIZE,
        outcome: 'failed',
      }),
    );

    // The name filter needs a kind; the actor filter is sent once typing stops.
    expect(screen.getByLabelText('Name')).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Actor'), {
      target: { value: 'user:default/pat' },
    });
    await waitFor(
      () =>
        expect(queries[queries.length - 1]).toMatchObject({
          actor: 'user:default/pat',
          outcome: 'failed',
        }),
      { timeout: 3000 },
    );

    // Once the filtered page has loaded (a slow machine may still be fetching it).
    const older = screen.getByRole('button', { name: 'Older' });
    await waitFor(() => expect(older).toBeEnabled());
    fireEvent.click(older);
    expect(await screen.findByText('change 9')).toBeInTheDocument();
    expect(queries[queries.length - 1]).toMatchObject({ before: 10 });
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Newer' }));
    expect(
      await screen.findByText('failed: preset spread-two exists'),
    ).toBeInTheDocument();
  });

  it('shows the before/after diff of an entry that recorded both, and the details of others', async () => {
    const { api } = setup();
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, api]]}>
        <AuditPage />
      </TestApiProvider>,
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Before/after' }),
    );
    const diff = await screen.findByLabelText('Diff: change 10');
    expect(diff).toHaveTextContent('title: Old');
    expect(diff).toHaveTextContent('title: New');

    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(await screen.findByTestId('audit-details-11')).toHaveTextContent(
      'name: ConflictError',
    );
  });
});
