import {
  extractSchemaFromStep,
  ReviewState,
} from '@backstage/plugin-scaffolder-react/alpha';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The review step of each H-MAS template, as the scaffolder renders it (its ReviewState
 * over the template's parameter pages): every row reads as a person would say it.
 */

const templatesDir = path.resolve(__dirname, '../../../../templates');

/** The parameter pages of a template, as the scaffolder's useTemplateSchema parses them. */
function schemasOf(folder: string) {
  const template = parse(
    fs.readFileSync(path.join(templatesDir, folder, 'template.yaml'), 'utf8'),
  );
  return (template.spec.parameters as any[]).map(page => ({
    title: page.title,
    description: page.description,
    mergedSchema: page,
    ...extractSchemaFromStep(page),
  }));
}

/** The review's rows, `name: value`, in order. */
async function reviewRows(folder: string, formState: Record<string, unknown>) {
  await renderInTestApp(
    <ReviewState formState={formState as any} schemas={schemasOf(folder)} />,
  );
  return screen.getAllByRole('row').map(row =>
    Array.from(row.querySelectorAll('td'))
      .map(cell => cell.textContent)
      .join(': '),
  );
}

describe('the review step', () => {
  it('Deploy a model: names, not ids', async () => {
    const rows = await reviewRows('deploy-model', {
      name: 'chat',
      runtimeModel: {
        runtime: 'llamacpp',
        gpuMode: 'cpu',
        model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
      },
      placementMode: 'zone',
      replicas: 1,
      zone: 'cpu-only',
      resources: { cpu: '8' },
      previewOnly: true,
    });
    expect(rows).toEqual([
      'Name: chat',
      'Runtime: llama.cpp',
      'GPU or CPU mode: CPU',
      'Model: Llama 3.1 8B Instruct GGUF (Q4_K_M)',
      "Place the replicas: In a zone (Karmada spreads them over the zone's clusters)",
      'Replicas: 1',
      'Zone: CPU Only',
      'CPU: 8',
      'Preview only (dry run): Yes',
    ]);
  });

  it('Deploy a model: a custom model, on named clusters, deployed', async () => {
    const rows = await reviewRows('deploy-model', {
      name: 'tiny',
      runtimeModel: {
        runtime: 'vllm',
        gpuMode: 'gpu',
        model: { modelId: 'Qwen/Qwen2.5-1.5B-Instruct', sizeGb: 3.1 },
      },
      placementMode: 'clusters',
      replicas: 2,
      clusters: ['gpu-a'],
      resources: { gpu: 2, gpuType: 'a100' },
      env: { VLLM_LOGGING_LEVEL: 'DEBUG' },
      previewOnly: false,
    });
    expect(rows).toEqual([
      'Name: tiny',
      'Runtime: vLLM',
      'GPU or CPU mode: GPU',
      'Model: Qwen/Qwen2.5-1.5B-Instruct',
      'Model size (GB): 3.1',
      'Place the replicas: On named clusters',
      'Replicas: 2',
      'Clusters: gpu-a',
      'GPUs: 2',
      'GPU type: a100',
      'Environment variables: VLLM_LOGGING_LEVEL: DEBUG',
      'Preview only (dry run): No',
    ]);
  });

  it('Register a cluster: the zone and sync mode by name', async () => {
    const rows = await reviewRows('register-cluster', {
      name: 'gpu-hp-osaka',
      apiEndpoint: 'https://10.20.0.10:6443',
      syncMode: 'Pull',
      zone: 'cpu-only',
    });
    expect(rows).toEqual([
      'Name: gpu-hp-osaka',
      'API endpoint: https://10.20.0.10:6443',
      'Sync mode: Pull (an agent in the cluster reaches Karmada)',
      'Zone: CPU Only',
    ]);
  });

  it('Create a placement policy: yes or no, and the zone by name', async () => {
    const rows = await reviewRows('create-placement-policy', {
      name: 'chat-propagation',
      namespace: 'default',
      deployment: 'chat',
      includeService: true,
      propagateDeps: false,
      placementMode: 'zone',
      replicaScheduling: 'Divided',
      zone: 'gpu-general',
    });
    expect(rows).toEqual([
      'Policy name: chat-propagation',
      'Namespace: default',
      'Deployment: chat',
      'Also propagate the Service of the same name: Yes',
      'Also propagate what the Deployment uses: No',
      'Place by: Zone',
      'Replicas: Divided between the clusters by available capacity',
      'Zone: GPU General',
    ]);
  });
});
