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
    title: 'Two thirds on gpu-gen-frankfurt, a third on gpu-gen-virginia',
    placement: {
      replicaScheduling: {
        type: 'Divided',
        weighting: {
          mode: 'static',
          weights: [
            { clusterNames: ['gpu-gen-frankfurt'], weight: 2 },
            { clusterNames: ['gpu-gen-virginia'], weight: 1 },
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
    // The offline HA inference platform's goals: at least 2 replicas, on at least 2
    // clusters, and failover within 30 s of a failure.
    name: 'ha-inference',
    title: 'HA inference: 2+ replicas on 2+ clusters, failover in 30 s',
    description:
      'At least two replicas divided over at least two clusters, so one keeps serving when a cluster fails; replicas of a failing application or cluster are moved after 30 s.',
    placement: {
      replicaScheduling: { type: 'Divided', weighting: { mode: 'dynamic' } },
      spreadBy: { field: 'cluster', minGroups: 2 },
    },
    failover: {
      tolerationSeconds: 30,
      purgeMode: 'Directly',
      clusterTolerationSeconds: 30,
    },
    minReplicas: 2,
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
