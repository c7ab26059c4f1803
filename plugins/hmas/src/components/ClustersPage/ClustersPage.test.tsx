import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  formatBytes,
  formatCpu,
  summarizeZone,
  ZoneGroup,
  zones,
} from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { hmasApiRef } from '../../api';
import { fakeHmasApi, testCluster } from '../../testUtils/fakeApi';
import { ClustersPage } from './ClustersPage';
import { usage } from './ZoneGroupCard';

function groups(): ZoneGroup[] {
  const byZone = {
    'gpu-high': [
      testCluster('hp-1', {
        zone: 'gpu-high',
        gpuTypes: ['h100', 'a100', 'l40s', 'l4'],
        scheduler: 'kai-scheduler',
        gpu: { allocatable: '64', allocated: '8' },
      }),
      testCluster('hp-2', {
        zone: 'gpu-high',
        gpuTypes: ['t4', 'v100', 'mi300x'],
        scheduler: 'volcano',
        ready: false,
      }),
    ],
    'gpu-general': [],
    'cpu-only': [
      testCluster('cpu-1', {
        zone: 'cpu-only',
        scheduler: 'default-scheduler',
      }),
    ],
    unclassified: [testCluster('joined')],
  } as const;
  return zones.map(z => ({
    zone: z.id,
    title: z.title,
    clusters: [...byZone[z.id]],
    summary: summarizeZone([...byZone[z.id]]),
  }));
}

describe('ClustersPage', () => {
  it('groups clusters by zone with summarised headers and badges', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [hmasApiRef, fakeHmasApi({ listZoneGroups: async () => groups() })],
        ]}
      >
        <ClustersPage />
      </TestApiProvider>,
    );

    const high = await screen.findByTestId('zone-gpu-high');
    expect(within(high).getByText('GPU High Performance')).toBeInTheDocument();
    expect(within(high).getByText(/^2 clusters/)).toBeInTheDocument();
    expect(within(high).getByText('+2 more')).toBeInTheDocument();
    expect(within(high).getAllByText('kai-scheduler').length).toBeGreaterThan(
      0,
    );
    expect(within(high).getByText('Not ready')).toBeInTheDocument();
    expect(within(high).getByText('8/64')).toBeInTheDocument();

    const general = screen.getByTestId('zone-gpu-general');
    expect(
      within(general).getByText('No clusters in this zone.'),
    ).toBeInTheDocument();

    const cpu = screen.getByTestId('zone-cpu-only');
    expect(within(cpu).getByTestId('zone-badge-cpu-only')).toHaveStyle({
      backgroundColor: '#00695c',
    });
    const unclassified = screen.getByTestId('zone-unclassified');
    expect(
      within(unclassified).getByTestId('zone-badge-unclassified'),
    ).toHaveStyle({
      backgroundColor: '#ffb300',
    });
    expect(within(unclassified).getByText('joined')).toBeInTheDocument();
  });

  it('offers registration when Karmada has no clusters', async () => {
    const empty = zones.map(z => ({
      zone: z.id,
      title: z.title,
      clusters: [],
      summary: summarizeZone([]),
    }));
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [hmasApiRef, fakeHmasApi({ listZoneGroups: async () => empty })],
        ]}
      >
        <ClustersPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No clusters joined to Karmada yet'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Register a cluster' }));
    expect(
      await screen.findByRole('dialog', { name: 'Register a cluster' }),
    ).toBeInTheDocument();
  });

  it('shows the error and retries', async () => {
    let calls = 0;
    const api = fakeHmasApi({
      listZoneGroups: async () => {
        calls++;
        if (calls === 1) throw new Error('Karmada is unreachable');
        return groups();
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, api]]}>
        <ClustersPage />
      </TestApiProvider>,
    );
    expect(
      (await screen.findAllByText(/Karmada is unreachable/))[0],
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('zone-gpu-high')).toBeInTheDocument();
  });

  it('opens the cluster dialog from the list', async () => {
    const api = fakeHmasApi({
      listZoneGroups: async () => groups(),
      getCluster: async name => testCluster(name, { labels: { team: 'ml' } }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, api]]}>
        <ClustersPage />
      </TestApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'joined' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Cluster joined',
    });
    expect(
      within(dialog).getByRole('tab', { name: 'Labels' }),
    ).toBeInTheDocument();
    expect(await within(dialog).findByText('v1.31.4')).toBeInTheDocument();
  });

  it('disables registering and label edits for a user the policy refuses, saying why', async () => {
    const api = fakeHmasApi({
      listZoneGroups: async () => groups(),
      getCluster: async name => testCluster(name, { labels: { team: 'ml' } }),
    });
    const asked: string[] = [];
    const permissionApi = mockApis.permission({
      authorize: request => {
        asked.push(request.permission.name);
        return request.permission.attributes.action === 'read'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY;
      },
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [hmasApiRef, api],
          [permissionApiRef, permissionApi],
        ]}
      >
        <ClustersPage />
      </TestApiProvider>,
    );
    const register = await screen.findByRole('button', {
      name: 'Register cluster',
    });
    await waitFor(() => expect(register).toBeDisabled());
    fireEvent.mouseOver(register.parentElement!);
    expect(
      await screen.findByText(
        'You may not register clusters (permission hmas.cluster.create)',
      ),
    ).toBeInTheDocument();

    fireEvent.click(await screen.findByRole('button', { name: 'joined' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Cluster joined',
    });
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Labels' }));
    const edit = await within(dialog).findByRole('button', {
      name: 'Edit labels',
    });
    await waitFor(() => expect(edit).toBeDisabled());
    expect(asked).toEqual(
      expect.arrayContaining([
        'hmas.cluster.create',
        'hmas.cluster.labels.update',
      ]),
    );
  });

  it('enables them for a user the policy allows', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [hmasApiRef, fakeHmasApi({ listZoneGroups: async () => groups() })],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <ClustersPage />
      </TestApiProvider>,
    );
    const register = await screen.findByRole('button', {
      name: 'Register cluster',
    });
    await waitFor(() => expect(register).toBeEnabled());
    expect(screen.queryByTestId('hmas-not-permitted')).toBeNull();
  });
});

describe('usage', () => {
  it.each([
    [{ allocated: '188', allocatable: '635' }, formatCpu, '188/635 cores'],
    [
      { allocated: `${900 * 2 ** 30}`, allocatable: `${4.2 * 2 ** 40}` },
      formatBytes,
      '900 GiB/4.2 TiB',
    ],
    [{ allocated: '8', allocatable: '64' }, (q?: string) => q ?? '0', '8/64'],
  ])('shows %j as %s', (u, format, text) => {
    expect(usage(u, format)).toBe(text);
  });
});
