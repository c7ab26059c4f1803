import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '@h-mas/plugin-hmas-common';

export const examples: TemplateExample[] = [
  {
    description: 'Register a GPU cluster with H100 and A100 nodes in GPU High',
    example: toYaml({
      steps: [
        {
          id: 'register',
          action: 'hmas:cluster:create',
          name: 'Register the cluster',
          input: {
            name: 'gpu-hp-osaka',
            apiEndpoint: 'https://10.20.0.10:6443',
            syncMode: 'Push',
            zone: 'gpu-high',
            gpuTypes: ['h100', 'a100'],
            scheduler: 'volcano',
          },
        },
      ],
    }),
  },
  {
    description: 'Register a CPU-only cluster whose agent pulls its work',
    example: toYaml({
      steps: [
        {
          id: 'register',
          action: 'hmas:cluster:create',
          name: 'Register the cluster',
          input: {
            name: 'cpu-edge-busan',
            apiEndpoint: 'https://10.30.0.10:6443',
            syncMode: 'Pull',
            zone: 'cpu-only',
          },
        },
      ],
    }),
  },
];
