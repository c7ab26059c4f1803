import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '@h-mas/plugin-hmas-common';

export const examples: TemplateExample[] = [
  {
    description:
      'Render the manifests of a deployment and write them to the workspace for a pull request',
    example: toYaml({
      steps: [
        {
          id: 'render',
          action: 'hmas:manifests:render',
          name: 'Render the manifests',
          input: {
            name: 'qwen-chat',
            namespace: 'ml-team',
            model: { preset: 'qwen2.5-0.5b-instruct' },
            runtime: 'vllm',
            placement: { mode: 'zone', zone: 'gpu-general' },
          },
        },
        {
          id: 'write',
          action: 'roadie:utils:fs:write',
          name: 'Write the manifests',
          input: {
            path: 'deploy/qwen-chat.yaml',
            content: '${{ steps.render.output.yaml }}',
          },
        },
      ],
    }),
  },
];
