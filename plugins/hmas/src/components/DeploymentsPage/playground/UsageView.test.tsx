import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { DeploymentUsage } from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { hmasApiRef } from '../../../api';
import { fakeHmasApi } from '../../../testUtils/fakeApi';
import { UsageView } from './UsageView';
import { measuredText } from './Playground';

const usage: DeploymentUsage = {
  since: '2026-12-07T10:00:00.000Z',
  until: '2026-12-08T10:00:00.000Z',
  totals: {
    requests: 1203,
    errors: 3,
    latencyMsAvg: 84.2,
    latencyMsMax: 1830,
    promptTokens: 10,
    completionTokens: 120,
    lastCallAt: '2026-12-08T09:59:00.000Z',
  },
  callers: [
    {
      caller: 'user:default/rita',
      requests: 1200,
      errors: 1,
      latencyMsAvg: 80,
      latencyMsMax: 1830,
      promptTokens: 8,
      completionTokens: 100,
      lastCallAt: '2026-12-08T09:59:00.000Z',
    },
    {
      caller: 'service:external:notebook',
      requests: 3,
      errors: 2,
      latencyMsAvg: 12.6,
      latencyMsMax: 20,
      promptTokens: 2,
      completionTokens: 20,
      lastCallAt: '2026-12-08T09:00:00.000Z',
    },
  ],
};

const render = (getDeploymentUsage: jest.Mock) =>
  renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi({ getDeploymentUsage })]]}>
      <UsageView id="d-1" />
    </TestApiProvider>,
  );

describe('UsageView', () => {
  it('shows each caller and all callers, over the last 24 hours by default', async () => {
    const get = jest.fn(async () => usage);
    const before = Date.now();
    await render(get);
    const table = await screen.findByRole('table', { name: 'Usage by caller' });
    const rows = within(table)
      .getAllByRole('row')
      .map(r =>
        Array.from(r.querySelectorAll('th, td'))
          .slice(0, 7)
          .map(c => c.textContent),
      );
    expect(rows).toEqual([
      [
        'Caller',
        'Requests',
        'Errors',
        'Mean latency',
        'Max latency',
        'Prompt tokens',
        'Completion tokens',
      ],
      ['user:default/rita', '1,200', '1', '80 ms', '1.83 s', '8', '100'],
      ['service:external:notebook', '3', '2', '13 ms', '20 ms', '2', '20'],
      ['All callers', '1,203', '3', '84 ms', '1.83 s', '10', '120'],
    ]);
    const [id, { since }] = get.mock.calls[0] as unknown as [
      string,
      { since: string },
    ];
    expect(id).toBe('d-1');
    const windowMs = before - Date.parse(since);
    expect(windowMs).toBeGreaterThanOrEqual(86_400_000 - 1_000);
    expect(windowMs).toBeLessThanOrEqual(86_400_000 + 1_000);
  });

  it('says when nobody called in the window, and reads another window when chosen', async () => {
    const get = jest.fn(async () => ({ ...usage, callers: [] }));
    await render(get);
    expect(
      await screen.findByText(/No calls in the last 24 hours/),
    ).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByRole('button', { name: /Window/ }));
    fireEvent.click(screen.getByRole('option', { name: 'Last hour' }));
    await waitFor(() => expect(get).toHaveBeenCalledTimes(2));
    expect(
      await screen.findByText(/No calls in the last hour/),
    ).toBeInTheDocument();
  });

  it('shows why the usage could not be read', async () => {
    await render(
      jest.fn(async () => {
        throw new Error('the database is down');
      }),
    );
    expect(await screen.findByText(/the database is down/)).toBeInTheDocument();
  });
});

describe('measuredText', () => {
  it.each([
    [
      {
        firstChunkMs: 52.4,
        totalMs: 1340,
        usage: { promptTokens: 12, completionTokens: 40 },
      },
      'first text after 52 ms · 1.3 s in all · 12 prompt + 40 completion tokens',
    ],
    [{ totalMs: 800 }, '800 ms in all · no token counts reported'],
    [
      { firstChunkMs: 10, totalMs: 20, usage: { completionTokens: 3 } },
      'first text after 10 ms · 20 ms in all · ? prompt + 3 completion tokens',
    ],
  ])('%j', (measured, expected) => {
    expect(measuredText(measured)).toBe(expected);
  });
});
