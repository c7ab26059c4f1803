import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionExample } from './actionExample';

export const examples: TemplateExample[] = [
  actionExample('Register a GPU cluster with H100 and A100 nodes in GPU High', {
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
  }),
  actionExample('Register a CPU-only cluster whose agent pulls its work', {
    id: 'register',
    action: 'hmas:cluster:create',
    name: 'Register the cluster',
    input: {
      name: 'cpu-edge-busan',
      apiEndpoint: 'https://10.30.0.10:6443',
      syncMode: 'Pull',
      zone: 'cpu-only',
    },
  }),
];
