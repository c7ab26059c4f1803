import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionExample } from './actionExample';

export const examples: TemplateExample[] = [
  actionExample(
    'Run the model pods of one deployment with the volcano scheduler on the GPU General clusters',
    {
      id: 'override',
      action: 'hmas:policy:override:create',
      name: 'Set the pod scheduler of the GPU General clusters',
      input: {
        metadata: { name: 'qwen-chat-scheduler', namespace: 'ml-team' },
        spec: {
          resourceSelectors: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'qwen-chat',
            },
          ],
          overrideRules: [
            {
              targetCluster: {
                labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
              },
              overriders: {
                plaintext: [
                  {
                    path: '/spec/template/spec/schedulerName',
                    operator: 'replace',
                    value: 'volcano',
                  },
                ],
              },
            },
          ],
        },
      },
    },
  ),
  actionExample('Label the member copies in one region with its cost centre', {
    id: 'mirror',
    action: 'hmas:policy:override:create',
    name: 'Label the copies in ap-northeast-2',
    input: {
      metadata: { name: 'qwen-chat-cost-centre' },
      spec: {
        resourceSelectors: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'qwen-chat',
          },
        ],
        overrideRules: [
          {
            targetCluster: {
              fieldSelector: {
                matchExpressions: [
                  {
                    key: 'region',
                    operator: 'In',
                    values: ['ap-northeast-2'],
                  },
                ],
              },
            },
            overriders: {
              labelsOverrider: [
                {
                  operator: 'add',
                  value: { 'h-mas.io/cost-centre': 'seoul-research' },
                },
              ],
            },
          },
        ],
      },
    },
  }),
];
