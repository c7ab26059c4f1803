import { toYaml } from './yaml';

describe('toYaml', () => {
  it('prints nested objects and lists in block style, quoting ambiguous strings', () => {
    expect(
      toYaml({
        apiVersion: 'policy.karmada.io/v1alpha1',
        metadata: { name: 'llama-propagation', labels: {} },
        spec: {
          resourceSelectors: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
          ],
          placement: {
            clusterAffinity: { clusterNames: ['gpu-a', 'gpu-b'] },
            replicaScheduling: {
              weightPreference: { dynamicWeight: 'AvailableReplicas' },
            },
          },
          failover: {
            application: { decisionConditions: { tolerationSeconds: 60 } },
          },
          flags: ['true', '1', 'a: b', true],
        },
      }),
    ).toBe(
      [
        'apiVersion: policy.karmada.io/v1alpha1',
        'metadata:',
        '  name: llama-propagation',
        '  labels: {}',
        'spec:',
        '  resourceSelectors:',
        '  - apiVersion: apps/v1',
        '    kind: Deployment',
        '    name: llama',
        '  placement:',
        '    clusterAffinity:',
        '      clusterNames:',
        '      - gpu-a',
        '      - gpu-b',
        '    replicaScheduling:',
        '      weightPreference:',
        '        dynamicWeight: AvailableReplicas',
        '  failover:',
        '    application:',
        '      decisionConditions:',
        '        tolerationSeconds: 60',
        '  flags:',
        '  - "true"',
        '  - "1"',
        '  - "a: b"',
        '  - true',
        '',
      ].join('\n'),
    );
  });
});
