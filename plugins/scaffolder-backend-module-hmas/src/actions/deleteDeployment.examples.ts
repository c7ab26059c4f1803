import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionExample } from './actionExample';

export const examples: TemplateExample[] = [
  actionExample('Delete a deployment by its H-MAS id', {
    id: 'delete',
    action: 'hmas:deployment:delete',
    name: 'Delete the deployment',
    input: { id: '3f1c2a9e-5d7b-4c1e-9a8f-2b6d0e4c7a11' },
  }),
];
