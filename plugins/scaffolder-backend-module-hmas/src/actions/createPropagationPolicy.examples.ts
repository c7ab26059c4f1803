import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionExample } from './actionExample';

export const examples: TemplateExample[] = [
  actionExample(
    'Propagate a Deployment to the GPU High clusters, divided by available replicas, with graceful failover',
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
  ),
];
