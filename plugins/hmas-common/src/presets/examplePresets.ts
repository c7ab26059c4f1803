import { PresetSpecInput } from './preset';

/**
 * Example presets, one per kind of effect; the golden files of `__golden__/` show what each
 * does to a deployment. `gpu-general-divided-failover-60` is the end-to-end
 * scenario.
 *
 * @public
 */
export const examplePresets: readonly PresetSpecInput[] = [
  {
    name: 'gpu-general-divided-failover-60',
    title: 'GPU General, divided, failover after 60 s',
    description:
      'Replicas divided by available capacity in GPU General; moved elsewhere after a minute of failure.',
    placement: {
      zone: 'gpu-general',
      replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
    },
    failover: { tolerationSeconds: 60 },
  },
  {
    name: 'duplicated-per-cluster',
    title: 'A full copy in two to three clusters',
    placement: {
      replicaScheduling: { type: 'Duplicated' },
      spreadBy: { field: 'cluster', minGroups: 2, maxGroups: 3 },
    },
  },
  {
    name: 'static-weights',
    title: 'Two thirds on member-a, a third in eu-west',
    placement: {
      replicaScheduling: {
        type: 'Divided',
        weighting: {
          mode: 'static',
          weights: [
            { clusterNames: ['member-a'], weight: 2 },
            { labelSelector: { region: 'eu-west' }, weight: 1 },
          ],
        },
      },
    },
  },
  {
    name: 'region-spread-graceful',
    title: 'Two regions, graceful failover',
    placement: {
      replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
      spreadBy: { field: 'region', minGroups: 2, maxGroups: 2 },
    },
    failover: {
      tolerationSeconds: 120,
      purgeMode: 'Gracefully',
      gracePeriodSeconds: 900,
    },
  },
  {
    name: 'large-ollama',
    title: 'Large Ollama profile',
    placement: {
      zone: 'gpu-general',
      replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
    },
    resources: {
      ollama: { cpu: '8', memory: '48Gi', gpu: 2 },
      vllm: { cpu: '16', memory: '64Gi', gpu: 4 },
    },
    failover: { tolerationSeconds: 0, purgeMode: 'Directly' },
  },
];
