import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionExample } from './actionExample';

export const examples: TemplateExample[] = [
  actionExample('Classify a cluster as GPU High', {
    id: 'label',
    action: 'hmas:cluster:labels:update',
    name: 'Label the cluster',
    input: {
      name: 'edge-joined',
      set: { 'gpu-tier': 'high', 'gpu-type': 'a100' },
    },
  }),
  actionExample('Remove a label from a cluster', {
    id: 'unlabel',
    action: 'hmas:cluster:labels:update',
    name: 'Remove the label',
    input: { name: 'gpu-gen-virginia', remove: ['gpu-memory'] },
  }),
];
