import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { GpuReadinessReport, ZoneGroup } from '@h-mas/plugin-hmas-common';
import { summarizeZone, zones } from '@h-mas/plugin-hmas-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HmasApi, hmasApiRef } from '../../api';
import { fakeHmasApi, testCluster } from '../../testUtils/fakeApi';
import { ClustersPage } from '../ClustersPage';
import { ClusterDialog } from './ClusterDialog';

const report: GpuReadinessReport = {
  cluster: 'gpu-a',
  checks: [
    {
      id: 'gpu-nodes',
      title: 'GPU nodes exist',
      status: 'pass',
      detail: '2 of 3 nodes have NVIDIA GPUs: g1 (8×NVIDIA-L4) and g2.',
    },
    {
      id: 'gpu-taints',
      title: 'GPU nodes are tainted so CPU pods stay off',
      status: 'warn',
      detail: 'g2 has no nvidia.com/gpu=present:NoSchedule taint.',
      fix: 'kubectl taint nodes g2 nvidia.com/gpu=present:NoSchedule',
    },
    {
      id: 'gpu-allocatable',
      title: 'nvidia.com/gpu is allocatable on every GPU node',
      status: 'fail',
      detail: 'g2 advertises no allocatable nvidia.com/gpu.',
      fix: '# the device plugin pods must be Running\nkubectl get pods -A -o wide --field-selector spec.nodeName=g2 | grep -i nvidia',
    },
    {
      id: 'device-plugin',
      title: 'NVIDIA device plugin or GPU Operator is present',
      status: 'pass',
      detail: 'The NVIDIA GPU Operator deploys the device plugin on g1.',
      // A fix on a passing check is not shown.
      fix: 'helm install gpu-operator',
    },
    {
      id: 'gpu-sharing',
      title: 'MIG and time-slicing mode are reported',
      status: 'n/a',
      detail: 'Not applicable here.',
    },
  ],
  nodes: [
    { name: 'cpu-1', gpus: 0 },
    { name: 'g1', gpuProduct: 'NVIDIA-L4', gpus: 8 },
    { name: 'g2', gpus: 0, gpuProduct: 'Tesla-T4' },
  ],
};

const cpuOnly: GpuReadinessReport = {
  cluster: 'cpu-a',
  checks: report.checks.map(c => ({
    id: c.id,
    title: c.title,
    status: 'n/a',
    detail: 'Not applicable: the cluster has no GPU nodes.',
  })),
  nodes: [{ name: 'cpu-1', gpus: 0 }],
};

async function renderDialog(overrides: Partial<HmasApi>) {
  const api = fakeHmasApi({
    getCluster: async name => testCluster(name),
    ...overrides,
  });
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, api]]}>
      <ClusterDialog name="gpu-a" onClose={() => {}} onChanged={() => {}} />
    </TestApiProvider>,
  );
  const dialog = await screen.findByRole('dialog', { name: 'Cluster gpu-a' });
  return dialog;
}

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('ClusterDialog GPU readiness tab', () => {
  it('reads readiness only when the tab opens, and shows the checklist with fixes', async () => {
    const asked: string[] = [];
    const dialog = await renderDialog({
      getGpuReadiness: async name => {
        asked.push(name);
        return report;
      },
    });
    expect(await within(dialog).findByText('v1.31.4')).toBeInTheDocument();
    expect(asked).toEqual([]);

    fireEvent.click(within(dialog).getByRole('tab', { name: 'GPU readiness' }));
    const list = await within(dialog).findByRole('list', {
      name: 'GPU readiness checklist',
    });
    expect(asked).toEqual(['gpu-a']);
    expect(
      within(dialog).getByText(
        '2 passed, 1 with warnings, 1 failed of 5 checks.',
      ),
    ).toBeInTheDocument();

    const items = within(list).getAllByRole('listitem');
    expect(items.map(i => i.getAttribute('data-testid'))).toEqual([
      'gpu-check-gpu-nodes',
      'gpu-check-gpu-taints',
      'gpu-check-gpu-allocatable',
      'gpu-check-device-plugin',
      'gpu-check-gpu-sharing',
    ]);
    expect(items.map(i => within(i).getByRole('img').textContent)).toEqual([
      'Pass',
      'Warning',
      'Fail',
      'Pass',
      'Not applicable',
    ]);

    const taints = within(list).getByTestId('gpu-check-gpu-taints');
    expect(
      within(taints).getByText('GPU nodes are tainted so CPU pods stay off'),
    ).toBeInTheDocument();
    expect(
      within(taints).getByText(
        'g2 has no nvidia.com/gpu=present:NoSchedule taint.',
      ),
    ).toBeInTheDocument();
    const taintFix = within(taints).getByLabelText(
      'Fix: GPU nodes are tainted so CPU pods stay off',
    );
    expect(taintFix.tagName).toBe('PRE');
    expect(taintFix).toHaveTextContent(
      'kubectl taint nodes g2 nvidia.com/gpu=present:NoSchedule',
    );

    const allocatable = within(list).getByTestId('gpu-check-gpu-allocatable');
    expect(
      within(allocatable).getByLabelText(
        'Fix: nvidia.com/gpu is allocatable on every GPU node',
      ).textContent,
    ).toBe(
      '# the device plugin pods must be Running\nkubectl get pods -A -o wide --field-selector spec.nodeName=g2 | grep -i nvidia',
    );

    for (const id of ['gpu-nodes', 'device-plugin', 'gpu-sharing']) {
      expect(
        within(within(list).getByTestId(`gpu-check-${id}`)).queryByLabelText(
          /^Fix:/,
        ),
      ).not.toBeInTheDocument();
    }

    const nodes = within(dialog).getByRole('table', { name: 'GPU nodes' });
    expect(
      within(nodes)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'GPU nodeGPU productAllocatable GPUs',
      'g1NVIDIA-L48',
      'g2Tesla-T40',
    ]);
  });

  it('shows progress while checking', async () => {
    const pending = deferred<GpuReadinessReport>();
    const dialog = await renderDialog({
      getGpuReadiness: () => pending.promise,
    });
    fireEvent.click(
      await within(dialog).findByRole('tab', { name: 'GPU readiness' }),
    );
    expect(
      await within(dialog).findByRole('progressbar', {
        name: 'Checking GPU readiness',
      }),
    ).toBeInTheDocument();
    pending.resolve(report);
    expect(
      await within(dialog).findByRole('list', {
        name: 'GPU readiness checklist',
      }),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('shows why a cluster could not be checked and checks again on Retry', async () => {
    let calls = 0;
    const dialog = await renderDialog({
      getGpuReadiness: async () => {
        calls++;
        if (calls === 1) {
          throw new Error(
            "Cluster gpu-a is not ready (ClusterNotReachable: cluster is not reachable), so its nodes cannot be read through Karmada's cluster proxy; check again once it is Ready",
          );
        }
        return report;
      },
    });
    fireEvent.click(
      await within(dialog).findByRole('tab', { name: 'GPU readiness' }),
    );
    expect(
      (await within(dialog).findAllByText(/Cluster gpu-a is not ready/))[0],
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    expect(
      await within(dialog).findByRole('list', {
        name: 'GPU readiness checklist',
      }),
    ).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('says the checks do not apply to a CPU-only cluster', async () => {
    const dialog = await renderDialog({ getGpuReadiness: async () => cpuOnly });
    fireEvent.click(
      await within(dialog).findByRole('tab', { name: 'GPU readiness' }),
    );
    expect(
      await within(dialog).findByText('No GPU nodes: the checks do not apply.'),
    ).toBeInTheDocument();
    const list = within(dialog).getByRole('list', {
      name: 'GPU readiness checklist',
    });
    expect(
      within(list)
        .getAllByRole('img')
        .map(i => i.textContent),
    ).toEqual(Array(5).fill('Not applicable'));
    expect(within(dialog).queryByLabelText(/^Fix:/)).not.toBeInTheDocument();
    expect(
      within(dialog).queryByRole('table', { name: 'GPU nodes' }),
    ).not.toBeInTheDocument();
  });

  it('is reached from the clusters list', async () => {
    const groups: ZoneGroup[] = zones.map(z => {
      const clusters =
        z.id === 'gpu-general'
          ? [testCluster('gpu-a', { zone: 'gpu-general' })]
          : [];
      return {
        zone: z.id,
        title: z.title,
        clusters,
        summary: summarizeZone(clusters),
      };
    });
    const api = fakeHmasApi({
      listZoneGroups: async () => groups,
      getCluster: async name => testCluster(name, { zone: 'gpu-general' }),
      getGpuReadiness: async () => report,
    });
    await renderInTestApp(
      <TestApiProvider apis={[[hmasApiRef, api]]}>
        <ClustersPage />
      </TestApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'gpu-a' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cluster gpu-a' });
    fireEvent.click(within(dialog).getByRole('tab', { name: 'GPU readiness' }));
    expect(
      await within(dialog).findByText(
        'g2 advertises no allocatable nvidia.com/gpu.',
      ),
    ).toBeInTheDocument();
  });
});

describe('ClusterDialog overview', () => {
  it.each([
    [
      { timeSliced: false, migProfiles: ['1g.5gb', '3g.20gb'] },
      'MIG 1g.5gb, 3g.20gb',
    ],
    [{ timeSliced: true, migProfiles: [] }, 'time-sliced'],
    [{ timeSliced: false, migProfiles: [] }, 'whole GPUs'],
  ])('shows GPU sharing %j as %s', async (gpuSharing, text) => {
    const dialog = await renderDialog({
      getCluster: async name => ({ ...testCluster(name), gpuSharing }),
    });
    expect(within(dialog).getByText(/^GPU ?sharing$/i)).toBeInTheDocument();
    expect(within(dialog).getByText(text)).toBeInTheDocument();
  });
});

describe('ClusterDialog overview wording', () => {
  it('titles facts as written and names an Unclassified zone once', async () => {
    const dialog = await renderDialog({
      getCluster: async name => ({
        ...testCluster(name),
        zone: 'unclassified',
      }),
    });
    expect(within(dialog).getByText('GPUs')).toBeInTheDocument();
    expect(within(dialog).queryByText('GP Us')).toBeNull();
    expect(within(dialog).getByText('API endpoint')).toBeInTheDocument();
    expect(within(dialog).getAllByText('Unclassified')).toHaveLength(1);
  });
});

describe('ClusterDialog GPU types', () => {
  it('says a cluster’s GPUs have no type label rather than showing a dash', async () => {
    const dialog = await renderDialog({
      getCluster: async name => ({
        ...testCluster(name),
        gpuTypes: [],
        gpu: { allocatable: '3', allocated: '0' },
      }),
    });
    expect(
      within(dialog).getByText(
        "not labelled (3 GPUs): set the gpu-type label in Labels; the GPU readiness check shows each node's product",
      ),
    ).toBeInTheDocument();
  });
});

describe('ClusterDialog cluster taints', () => {
  it('says they are Karmada’s cluster taints, not the nodes’', async () => {
    const dialog = await renderDialog({});
    fireEvent.click(
      within(dialog).getByRole('tab', { name: 'Cluster taints' }),
    );
    expect(
      within(dialog).getByText(
        /No cluster taints: Karmada may place workloads/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/The member's node taints .* are separate/),
    ).toBeInTheDocument();
  });
});

/** The Labels tab's edit button, once the permission check enabled it. */
async function editLabelsEnabled(dialog: HTMLElement) {
  const edit = () =>
    within(dialog).getByRole('button', { name: 'Edit labels' });
  // The permission check answers asynchronously; give a loaded machine time.
  await waitFor(() => expect(edit()).toBeEnabled(), { timeout: 5000 });
  return edit();
}

describe('ClusterDialog labels', () => {
  it('while editing, has the editor’s Cancel and Save labels as its one action row', async () => {
    const onClose = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            hmasApiRef,
            fakeHmasApi({
              getCluster: async name =>
                testCluster(name, { labels: { team: 'ml' } }),
            }),
          ],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <ClusterDialog name="gpu-a" onClose={onClose} onChanged={() => {}} />
      </TestApiProvider>,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Cluster gpu-a' });
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Labels' }));
    fireEvent.click(await editLabelsEnabled(dialog));

    const save = within(dialog).getByRole('button', { name: 'Save labels' });
    expect(
      within(save.parentElement!)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Cancel', 'Save labels']);
    expect(
      within(dialog).queryByRole('button', { name: 'Close' }),
    ).not.toBeInTheDocument();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(within(dialog).getByTestId('cluster-labels')).toHaveTextContent(
      'team=ml',
    );
    await editLabelsEnabled(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('leaves the editor when another tab opens', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [hmasApiRef, fakeHmasApi({ getCluster: async n => testCluster(n) })],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <ClusterDialog name="gpu-a" onClose={() => {}} onChanged={() => {}} />
      </TestApiProvider>,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Cluster gpu-a' });
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Labels' }));
    fireEvent.click(await editLabelsEnabled(dialog));
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Overview' }));
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Labels' }));
    await editLabelsEnabled(dialog);
    expect(
      within(dialog).queryByRole('button', { name: 'Save labels' }),
    ).not.toBeInTheDocument();
  });
});
