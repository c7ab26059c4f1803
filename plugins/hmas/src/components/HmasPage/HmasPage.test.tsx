import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { AuditEntry } from '@h-mas/plugin-hmas-common';
import { screen } from '@testing-library/react';
import { HmasApi, hmasApiRef } from '../../api';
import { HmasPage } from './HmasPage';
import { fakeHmasApi } from '../../testUtils/fakeApi';

const entry: AuditEntry = {
  id: 7,
  createdAt: '2026-11-23T09:00:00.000Z',
  outcome: 'succeeded',
  actor: 'user:default/ada',
  source: 'ui',
  action: 'cluster.labels.update',
  targetKind: 'cluster',
  targetName: 'gpu-a',
  summary: 'set gpu-tier=general',
};

function api(overrides: Partial<HmasApi> = {}): HmasApi {
  return fakeHmasApi({ listAudit: async () => [entry], ...overrides });
}

describe('HmasPage', () => {
  it('shows the status and the audit log', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, api()]]}>
        <HmasPage />
      </TestApiProvider>,
    );

    expect(
      await screen.findByText('Backend and database are up'),
    ).toBeInTheDocument();
    expect(screen.getByText(/embedded simulator/)).toBeInTheDocument();
    expect(await screen.findByText('set gpu-tier=general')).toBeInTheDocument();
    expect(screen.getByText(/^cluster\/gpu-a · /)).toBeInTheDocument();
  });

  it('explains an empty audit log', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[hmasApiRef, api({ listAudit: async () => [] })]]}
      >
        <HmasPage />
      </TestApiProvider>,
    );

    expect(
      await screen.findByText('No changes recorded yet'),
    ).toBeInTheDocument();
  });

  it('says when the backend cannot be reached', async () => {
    const failing = api({
      getHealth: async () => {
        throw new Error('connect ECONNREFUSED');
      },
      listAudit: async () => {
        throw new Error('audit unavailable');
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, failing]]}>
        <HmasPage />
      </TestApiProvider>,
    );

    expect(
      await screen.findByText('H-MAS backend unreachable'),
    ).toBeInTheDocument();
    expect(
      await screen.findAllByText(/connect ECONNREFUSED|audit unavailable/),
    ).not.toHaveLength(0);
  });
});
