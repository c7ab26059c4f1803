import type { KubeObject } from '../types';
import {
  PLATFORM_PRIORITY_CLASSES,
  SYSTEM_PRIORITY_CLASSES,
  defaultPriorityClass,
  globalDefaultConflict,
  resolvePodPriority,
  validatePriorityClass,
} from './priority';

function pc(
  name: string,
  value: unknown,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    preemptionPolicy: 'PreemptLowerPriority',
    ...extra,
  };
}

describe('the built-in and platform PriorityClasses', () => {
  it('has kube’s system classes and the three platform presets', () => {
    expect(
      SYSTEM_PRIORITY_CLASSES.map(c => [c.metadata.name, c.value]),
    ).toEqual([
      ['system-node-critical', 2000001000],
      ['system-cluster-critical', 2000000000],
    ]);
    expect(
      PLATFORM_PRIORITY_CLASSES.map(c => [c.metadata.name, c.value]),
    ).toEqual([
      ['inference-critical', 1000000],
      ['training', 100000],
      ['experiment', 10000],
    ]);
    for (const c of [...SYSTEM_PRIORITY_CLASSES, ...PLATFORM_PRIORITY_CLASSES])
      expect(validatePriorityClass(c)).toEqual([]);
  });

  it('defaults preemptionPolicy to PreemptLowerPriority', () => {
    expect(
      defaultPriorityClass({ ...pc('a', 1), preemptionPolicy: undefined })
        .preemptionPolicy,
    ).toBe('PreemptLowerPriority');
    expect(
      defaultPriorityClass(pc('a', 1, { preemptionPolicy: 'Never' }))
        .preemptionPolicy,
    ).toBe('Never');
  });
});

describe('validatePriorityClass', () => {
  it.each<[string, KubeObject, KubeObject | undefined, string[]]>([
    ['a user class at the maximum', pc('top', 1000000000), undefined, []],
    [
      'a user class above the maximum',
      pc('too-high', 1000000001),
      undefined,
      [
        'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
      ],
    ],
    [
      'an unknown system- name',
      pc('system-mine', 10),
      undefined,
      [
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
      ],
    ],
    [
      'a system class with the wrong value',
      pc('system-node-critical', 5),
      undefined,
      [
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
      ],
    ],
    [
      'a known system class',
      pc('system-cluster-critical', 2000000000),
      undefined,
      [],
    ],
    [
      'a value that is not an int32',
      pc('frac', 1.5),
      undefined,
      ['value: Invalid value: 1.5: must be a 32-bit integer'],
    ],
    [
      'an unknown preemptionPolicy',
      pc('p', 1, { preemptionPolicy: 'Sometimes' }),
      undefined,
      [
        'preemptionPolicy: Unsupported value: "Sometimes": supported values: "Never", "PreemptLowerPriority"',
      ],
    ],
    [
      'an update of the value',
      pc('p', 2),
      pc('p', 1),
      ['value: Forbidden: may not be changed in an update.'],
    ],
    [
      'an update of the preemptionPolicy',
      pc('p', 1, { preemptionPolicy: 'Never' }),
      pc('p', 1),
      ['preemptionPolicy: Invalid value: "Never": field is immutable'],
    ],
    [
      'an update of the description only',
      pc('p', 1, { description: 'new' }),
      pc('p', 1),
      [],
    ],
  ])('%s', (_name, obj, old, messages) => {
    expect(
      validatePriorityClass(obj, old).map(c => `${c.field}: ${c.message}`),
    ).toEqual(messages);
  });
});

describe('globalDefaultConflict', () => {
  const existing = [pc('low', 1, { globalDefault: true }), pc('other', 2)];
  it.each<[string, KubeObject, string | undefined]>([
    ['a class that is not a default', pc('x', 3), undefined],
    [
      'a second default',
      pc('x', 3, { globalDefault: true }),
      'PriorityClass low is already marked as default. Only one default can exist',
    ],
    ['the default itself', pc('low', 1, { globalDefault: true }), undefined],
  ])('%s', (_name, obj, expected) => {
    expect(globalDefaultConflict(obj, existing)).toBe(expected);
  });
});

describe('resolvePodPriority', () => {
  const classes = [
    ...PLATFORM_PRIORITY_CLASSES,
    pc('never', 7, { preemptionPolicy: 'Never' }),
  ];
  it.each<[string, any, KubeObject[], unknown]>([
    [
      'a known class',
      { priorityClassName: 'training' },
      classes,
      {
        ok: true,
        priority: 100000,
        priorityClassName: 'training',
        preemptionPolicy: 'PreemptLowerPriority',
      },
    ],
    [
      'a class that does not exist',
      { priorityClassName: 'nope' },
      classes,
      { ok: false, reason: 'no PriorityClass with name nope was found' },
    ],
    ['no class and no default', {}, classes, { ok: true, priority: 0 }],
    [
      'no class with a global default',
      {},
      [...classes, pc('dflt', 5, { globalDefault: true })],
      {
        ok: true,
        priority: 5,
        priorityClassName: 'dflt',
        preemptionPolicy: 'PreemptLowerPriority',
      },
    ],
    [
      'the preemption policy of the class',
      { priorityClassName: 'never' },
      classes,
      {
        ok: true,
        priority: 7,
        priorityClassName: 'never',
        preemptionPolicy: 'Never',
      },
    ],
    [
      'a priority that disagrees with the class',
      { priorityClassName: 'training', priority: 3 },
      classes,
      {
        ok: false,
        reason:
          'the integer value of priority (3) must not be provided in pod spec; priority admission controller computed 100000 from the given PriorityClass name',
      },
    ],
  ])('%s', (_name, spec, list, expected) => {
    expect(resolvePodPriority(spec, list)).toEqual(expected);
  });
});
