import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '@h-mas/plugin-hmas-common';

export const examples: TemplateExample[] = [
  {
    description:
      'Propagate a Deployment to the GPU High clusters, divided by available replicas, with graceful failover',
    example: toYaml({
      steps: [
        {
          id: 'policy',
          action: 'hmas:policy:propagation:create',
          name: 'Create the propagation policy',
          input: {
            metadata: { name: 'qwen-chat-propagation', namespace: 'ml-team' },
            spec: {
              propagateDeps: true,
              resourceSelectors: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'Deployment',
                  name: 'qwen-chat',
                },
              ],
              placement: {
                clusterAffinity: {
                  labelSelector: { matchLabels: { 'gpu-tier': 'high' } },
                },
                replicaScheduling: {
                  replicaSchedulingType: 'Divided',
                  replicaDivisionPreference: 'Weighted',
                  weightPreference: { dynamicWeight: 'AvailableReplicas' },
                },
              },
              failover: {
                application: {
                  decisionConditions: { tolerationSeconds: 120 },
                  purgeMode: 'Gracefully',
                  gracePeriodSeconds: 600,
                },
              },
            },
          },
        },
      ],
    }),
  },
];
