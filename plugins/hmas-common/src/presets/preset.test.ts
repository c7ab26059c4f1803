import { formatZodError } from '../errors';
import { examplePresets } from './examplePresets';
import { presetSpecSchema, PresetSpecInput } from './preset';

const base: PresetSpecInput = {
  name: 'p',
  title: 'P',
  placement: { replicaScheduling: { type: 'Duplicated' } },
};

function errorOf(input: unknown): string | undefined {
  const result = presetSpecSchema.safeParse(input);
  return result.success ? undefined : formatZodError(result.error);
}

describe('presetSpecSchema', () => {
  it.each(examplePresets.map(p => [p.name, p] as const))(
    'accepts the example preset %s',
    (_, preset) => {
      expect(errorOf(preset)).toBeUndefined();
    },
  );

  it('defaults tolerationSeconds to Karmada’s 300', () => {
    expect(presetSpecSchema.parse({ ...base, failover: {} }).failover).toEqual({
      tolerationSeconds: 300,
    });
  });

  it.each<[string, unknown, string]>([
    ['an upper-case name', { ...base, name: 'Gpu' }, 'name: Name must be'],
    ['a name over 63 characters', { ...base, name: 'a'.repeat(64) }, 'name:'],
    ['an empty title', { ...base, title: ' ' }, 'title:'],
    [
      'an unknown zone',
      {
        ...base,
        placement: { ...base.placement, zone: 'unclassified' },
      },
      'placement.zone:',
    ],
    [
      'an unknown replica scheduling type',
      { ...base, placement: { replicaScheduling: { type: 'Spread' } } },
      'placement.replicaScheduling.type:',
    ],
    [
      'Divided without weighting',
      { ...base, placement: { replicaScheduling: { type: 'Divided' } } },
      'placement.replicaScheduling.weighting:',
    ],
    [
      'static weighting without weights',
      {
        ...base,
        placement: {
          replicaScheduling: {
            type: 'Divided',
            weighting: { mode: 'static', weights: [] },
          },
        },
      },
      'placement.replicaScheduling.weighting.weights: Static weighting needs',
    ],
    [
      'a weight of 0',
      {
        ...base,
        placement: {
          replicaScheduling: {
            type: 'Divided',
            weighting: {
              mode: 'static',
              weights: [{ clusterNames: ['a'], weight: 0 }],
            },
          },
        },
      },
      'placement.replicaScheduling.weighting.weights.0.weight:',
    ],
    [
      'a fractional weight',
      {
        ...base,
        placement: {
          replicaScheduling: {
            type: 'Divided',
            weighting: {
              mode: 'static',
              weights: [{ clusterNames: ['a'], weight: 1.5 }],
            },
          },
        },
      },
      'placement.replicaScheduling.weighting.weights.0.weight:',
    ],
    [
      'a weight without a target',
      {
        ...base,
        placement: {
          replicaScheduling: {
            type: 'Divided',
            weighting: { mode: 'static', weights: [{ weight: 1 }] },
          },
        },
      },
      'placement.replicaScheduling.weighting.weights.0: A weight needs',
    ],
    [
      'a bad cluster name in a weight',
      {
        ...base,
        placement: {
          replicaScheduling: {
            type: 'Divided',
            weighting: {
              mode: 'static',
              weights: [{ clusterNames: ['Member_A'], weight: 1 }],
            },
          },
        },
      },
      'placement.replicaScheduling.weighting.weights.0.clusterNames.0:',
    ],
    [
      'an unknown spread field',
      {
        ...base,
        placement: { ...base.placement, spreadBy: { field: 'rack' } },
      },
      'placement.spreadBy.field:',
    ],
    [
      'maxGroups below minGroups',
      {
        ...base,
        placement: {
          ...base.placement,
          spreadBy: { field: 'cluster', minGroups: 3, maxGroups: 2 },
        },
      },
      'placement.spreadBy.maxGroups: maxGroups must not be below minGroups',
    ],
    [
      'minGroups 0',
      {
        ...base,
        placement: {
          ...base.placement,
          spreadBy: { field: 'region', minGroups: 0 },
        },
      },
      'placement.spreadBy.minGroups:',
    ],
    [
      'a bad memory quantity',
      { ...base, resources: { ollama: { memory: '8 GB' } } },
      'resources.ollama.memory: Must be a positive Kubernetes quantity',
    ],
    [
      'a zero CPU',
      { ...base, resources: { ollama: { cpu: '0' } } },
      'resources.ollama.cpu:',
    ],
    [
      'memory below the runtime floor',
      { ...base, resources: { vllm: { memory: '8Gi' } } },
      'resources.vllm.memory: vLLM needs at least 16Gi',
    ],
    [
      'zero GPUs',
      { ...base, resources: { vllm: { gpu: 0 } } },
      'resources.vllm.gpu:',
    ],
    [
      'GPUs in a CPU Only preset',
      {
        ...base,
        placement: { ...base.placement, zone: 'cpu-only' },
        resources: { ollama: { gpu: 1 } },
      },
      'resources.ollama.gpu: A CPU Only preset takes no GPUs',
    ],
    [
      'an unknown resource key',
      { ...base, resources: { ollama: { disk: '1Gi' } } },
      'resources.ollama:',
    ],
    [
      'a negative tolerationSeconds',
      { ...base, failover: { tolerationSeconds: -1 } },
      'failover.tolerationSeconds:',
    ],
    [
      'gracePeriodSeconds without purgeMode',
      { ...base, failover: { gracePeriodSeconds: 60 } },
      'failover.gracePeriodSeconds: gracePeriodSeconds requires purgeMode Gracefully',
    ],
    [
      'gracePeriodSeconds with purgeMode Directly',
      { ...base, failover: { purgeMode: 'Directly', gracePeriodSeconds: 60 } },
      'failover.gracePeriodSeconds: gracePeriodSeconds requires purgeMode Gracefully',
    ],
    [
      'a zero gracePeriodSeconds',
      { ...base, failover: { purgeMode: 'Gracefully', gracePeriodSeconds: 0 } },
      'failover.gracePeriodSeconds:',
    ],
    [
      'an unknown purge mode',
      { ...base, failover: { purgeMode: 'Later' } },
      'failover.purgeMode:',
    ],
    ['an unknown top-level field', { ...base, zone: 'gpu-high' }, 'zone'],
  ])('rejects %s', (_, input, message) => {
    expect(errorOf(input)).toContain(message);
  });

  it('accepts a profile for a custom runtime without checking floors', () => {
    expect(
      errorOf({ ...base, resources: { 'my-runtime': { memory: '1Gi' } } }),
    ).toBeUndefined();
  });
});
