import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '@h-mas/plugin-hmas-common';

export const examples: TemplateExample[] = [
  {
    description: 'Delete a deployment by its H-MAS id',
    example: toYaml({
      steps: [
        {
          id: 'delete',
          action: 'hmas:deployment:delete',
          name: 'Delete the deployment',
          input: { id: '3f1c2a9e-5d7b-4c1e-9a8f-2b6d0e4c7a11' },
        },
      ],
    }),
  },
];
