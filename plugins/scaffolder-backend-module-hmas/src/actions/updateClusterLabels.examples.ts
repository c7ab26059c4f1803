import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '@h-mas/plugin-hmas-common';

export const examples: TemplateExample[] = [
  {
    description: 'Classify a cluster as GPU High',
    example: toYaml({
      steps: [
        {
          id: 'label',
          action: 'hmas:cluster:labels:update',
          name: 'Label the cluster',
          input: {
            name: 'edge-joined',
            set: { 'gpu-tier': 'high', 'gpu-type': 'a100' },
          },
        },
      ],
    }),
  },
  {
    description: 'Remove a label from a cluster',
    example: toYaml({
      steps: [
        {
          id: 'unlabel',
          action: 'hmas:cluster:labels:update',
          name: 'Remove the label',
          input: { name: 'gpu-gen-virginia', remove: ['gpu-memory'] },
        },
      ],
    }),
  },
];
