import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionExample } from './actionExample';

export const examples: TemplateExample[] = [
  actionExample(
    'Render the manifests of a deployment and write them to the workspace for a pull request',
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
  ),
];
