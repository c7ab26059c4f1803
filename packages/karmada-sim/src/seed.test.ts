import { seedFleet, SEED_LABELS } from './seed';
import { validateKarmadaObject } from './karmada/validation';
import { parseQuantity, sumResourceLists } from './karmada/quantity';
import { scheduleBinding } from './karmada/scheduler';

function zoneOf(labels: Record<string, string> | undefined): string {
  switch (labels?.['gpu-tier']) {
    case 'high':
      return 'gpu-high';
    case 'general':
      return 'gpu-general';
    case 'none':
      return 'cpu-only';
    default:
      return 'unclassified';
  }
}

const isReady = (conditions: any[]) =>
  conditions.some(c => c.type === 'Ready' && c.status === 'True');

describe('seedFleet', () => {
  const { clusters, nodesByCluster } = seedFleet();

  it('has at least six clusters covering the four zones', () => {
    expect(clusters.length).toBeGreaterThanOrEqual(6);
    expect(new Set(clusters.map(c => zoneOf(c.metadata.labels)))).toEqual(
      new Set(['gpu-high', 'gpu-general', 'cpu-only', 'unclassified']),
    );
  });

  it('has exactly one cluster without any labels, and it has GPUs', () => {
    const unlabeled = clusters.filter(
      c => !c.metadata.labels || Object.keys(c.metadata.labels).length === 0,
    );
    expect(unlabeled.map(c => c.metadata.name)).toEqual(['edge-joined']);
    expect(
      parseQuantity(
        unlabeled[0].status.resourceSummary.allocatable['nvidia.com/gpu'],
      ),
    ).toBeGreaterThan(0);
  });

  it('has exactly one not-ready cluster, carrying the not-ready taint', () => {
    const notReady = clusters.filter(c => !isReady(c.status.conditions));
    expect(notReady.map(c => c.metadata.name)).toEqual(['lab-offline']);
    expect(notReady[0].spec.taints).toContainEqual(
      expect.objectContaining({
        key: 'cluster.karmada.io/not-ready',
        effect: 'NoSchedule',
      }),
    );
  });

  it('derives cluster-type from gpu-tier on every labeled cluster', () => {
    for (const c of clusters) {
      const tier = c.metadata.labels?.['gpu-tier'];
      if (!tier) continue;
      expect(c.metadata.labels?.['cluster-type']).toBe(
        tier === 'none' ? 'cpu-only' : 'standard',
      );
    }
  });

  it.each(clusters.map(c => [c.metadata.name!, c] as const))(
    '%s passes validation',
    (_name, c) => {
      expect(validateKarmadaObject(c)).toEqual([]);
    },
  );

  it.each(clusters.map(c => [c.metadata.name!, c] as const))(
    '%s: resource summary matches its nodes',
    (name, c) => {
      const nodes = nodesByCluster[name];
      expect(nodes.length).toBeGreaterThan(0);
      const fromNodes = sumResourceLists(nodes.map(n => n.status.allocatable));
      const summary = sumResourceLists([c.status.resourceSummary.allocatable]);
      expect(summary).toEqual(fromNodes);
      for (const [resource, used] of Object.entries(
        sumResourceLists([c.status.resourceSummary.allocated]),
      )) {
        expect(used).toBeLessThanOrEqual(summary[resource] ?? 0);
      }
      expect(c.status.nodeSummary).toEqual({
        totalNum: nodes.length,
        readyNum: nodes.filter(n => isReady(n.status.conditions)).length,
      });
    },
  );

  it.each(Object.entries(nodesByCluster))(
    '%s: GPU nodes are labeled and tainted',
    (_name, nodes) => {
      for (const node of nodes.filter(
        n => n.status.allocatable['nvidia.com/gpu'],
      )) {
        expect(node.metadata.labels?.['nvidia.com/gpu.product']).toMatch(
          /^(NVIDIA|Tesla)-/,
        );
        expect(node.spec.taints).toContainEqual({
          key: 'nvidia.com/gpu',
          value: 'present',
          effect: 'NoSchedule',
        });
        expect(node.status.capacity['nvidia.com/gpu']).toBe(
          node.status.allocatable['nvidia.com/gpu'],
        );
      }
    },
  );

  it('matches SEED_LABELS and the GPU types named in the spec', () => {
    for (const c of clusters)
      expect(c.metadata.labels ?? {}).toEqual(SEED_LABELS[c.metadata.name!]);
    const products = Object.values(nodesByCluster)
      .flat()
      .map(n => n.metadata.labels?.['nvidia.com/gpu.product'])
      .filter(Boolean)
      .join(' ');
    for (const gpu of ['H100', 'A100', 'L40S', 'L4', 'T4'])
      expect(products).toContain(gpu);
  });

  it('names every labelled cluster’s GPU types: the gpu-type label, then the gpu-types annotation', () => {
    // The products of the GPU nodes, as short types (A100 40GB and 80GB are both a100).
    const short = (product: string) =>
      product
        .replace(/^(NVIDIA|Tesla)-/, '')
        .split('-')[0]
        .toLowerCase();
    for (const c of clusters) {
      const labels = c.metadata.labels ?? {};
      if (!labels['gpu-type']) continue;
      const fromNodes = [
        ...new Set(
          nodesByCluster[c.metadata.name!]
            .map(n => n.metadata.labels?.['nvidia.com/gpu.product'])
            .filter((p): p is string => !!p)
            .map(short),
        ),
      ].sort();
      const named = (
        c.metadata.annotations?.['h-mas.io/gpu-types'] ?? labels['gpu-type']
      )
        .split(',')
        .sort();
      expect({ cluster: c.metadata.name, types: named }).toEqual({
        cluster: c.metadata.name,
        types: fromNodes,
      });
      expect(named).toContain(labels['gpu-type']);
    }
  });

  it('returns fresh objects on every call', () => {
    const a = seedFleet();
    a.clusters[0].metadata.labels!['gpu-tier'] = 'changed';
    expect(seedFleet().clusters[0].metadata.labels!['gpu-tier']).toBe('high');
  });

  it('schedules a GPU workload onto the high-performance zone only', () => {
    const result = scheduleBinding({
      placement: {
        clusterAffinity: {
          labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
        },
        replicaScheduling: {
          replicaSchedulingType: 'Divided',
          weightPreference: { dynamicWeight: 'AvailableReplicas' },
        },
      },
      replicas: 4,
      clusters,
      replicaRequirements: {
        resourceRequest: { cpu: '8', memory: '64Gi', 'nvidia.com/gpu': '2' },
      },
    });
    expect(result.ok && result.clusters.map(c => c.name)).toEqual([
      'gpu-hp-seoul',
      'gpu-hp-tokyo',
    ]);
  });
});
