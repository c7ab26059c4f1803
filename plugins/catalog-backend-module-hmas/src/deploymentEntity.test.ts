import {
  entitySchemaValidator,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { testDeployment } from './__testUtils__/testDeployment';
import { deploymentEntityName, deploymentToEntity } from './deploymentEntity';

const placed = (...clusters: string[]) => ({
  clusters: clusters.map(cluster => ({
    cluster,
    replicas: 1,
    readyReplicas: 0,
    runningReplicas: 0,
    applied: false,
    health: 'Unknown' as const,
  })),
});

describe('deploymentToEntity', () => {
  it.each([
    [
      'a deployment in the default namespace on one cluster',
      testDeployment(),
      {
        name: 'llama-cpu',
        description:
          'llama-3.1-8b-instruct-gguf served by llama.cpp in zone CPU Only.',
        tags: ['llamacpp', 'cpu-only'],
        annotations: {
          'backstage.io/kubernetes-id': 'llama-cpu',
          'backstage.io/kubernetes-namespace': 'default',
          'h-mas.io/deployment-id': '5b0c3c52-61e4-4a53-9f53-3f6a2c1b7d10',
          'h-mas.io/model-deployments': 'llama-cpu',
          'h-mas.io/runtime': 'llamacpp',
          'h-mas.io/model': 'llama-3.1-8b-instruct-gguf',
          'h-mas.io/zone': 'cpu-only',
        },
        spec: {
          type: 'model-deployment',
          owner: 'group:default/ml-team',
          dependsOn: ['resource:default/cpu-oregon'],
        },
      },
    ],
    [
      'a deployment in another namespace, spread over clusters, serving a service',
      testDeployment({
        namespace: 'ml-team',
        name: 'qwen',
        runtime: 'vllm',
        model: 'qwen2.5-7b-instruct',
        zone: 'gpu-general',
        owner: 'user:default/ada',
        spec: {
          name: 'qwen',
          description: '  Chat model of the assistant.  ',
          entityRef: 'component:default/chat-assistant',
        },
        status: placed('gpu-gen-virginia', 'gpu-gen-frankfurt'),
      }),
      {
        name: 'ml-team.qwen',
        description: 'Chat model of the assistant.',
        tags: ['vllm', 'gpu-general'],
        annotations: {
          'backstage.io/kubernetes-id': 'qwen',
          'backstage.io/kubernetes-namespace': 'ml-team',
          'h-mas.io/model-deployments': 'ml-team/qwen',
          'h-mas.io/runtime': 'vllm',
          'h-mas.io/zone': 'gpu-general',
        },
        spec: {
          type: 'model-deployment',
          owner: 'user:default/ada',
          dependsOn: [
            'resource:default/gpu-gen-frankfurt',
            'resource:default/gpu-gen-virginia',
          ],
          dependencyOf: ['component:default/chat-assistant'],
        },
      },
    ],
    [
      'a deployment with no zone, not placed yet, linked through its row only',
      testDeployment({
        name: 'tiny',
        zone: undefined,
        runtime: 'my-runtime',
        entityRef: 'component:default/search',
        spec: { name: 'tiny', entityRef: 42 },
        status: undefined,
      }),
      {
        name: 'tiny',
        description: 'llama-3.1-8b-instruct-gguf served by my-runtime.',
        tags: ['my-runtime'],
        annotations: { 'h-mas.io/runtime': 'my-runtime' },
        spec: {
          type: 'model-deployment',
          owner: 'group:default/ml-team',
          dependsOn: [],
          dependencyOf: ['component:default/search'],
        },
      },
    ],
  ])('maps %s to a valid Resource entity', async (_name, input, expected) => {
    const entity = deploymentToEntity(input);
    expect(entity.kind).toBe('Resource');
    expect(entity.metadata.name).toBe(expected.name);
    expect(entity.metadata.title).toBe(input.name);
    expect(entity.metadata.description).toBe(expected.description);
    expect(entity.metadata.tags).toEqual(expected.tags);
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': 'hmas:karmada',
      'backstage.io/managed-by-origin-location': 'hmas:karmada',
      ...expected.annotations,
    });
    expect(entity.spec).toEqual(expected.spec);
    expect(entitySchemaValidator()(entity)).toBe(entity);
    await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
  });

  it('leaves out the zone annotation and the dependencyOf relation when not set', () => {
    const entity = deploymentToEntity(
      testDeployment({ zone: undefined, spec: {} }),
    );
    expect(entity.metadata.annotations).not.toHaveProperty('h-mas.io/zone');
    expect(entity.spec).not.toHaveProperty('dependencyOf');
  });
});

describe('deploymentEntityName', () => {
  const validName = /^([A-Za-z0-9][_.-]?)*[A-Za-z0-9]$/;

  it.each([
    ['default', 'llama-cpu', /^llama-cpu$/],
    ['ml-team', 'llama-cpu', /^ml-team\.llama-cpu$/],
    [
      'research-computer-vision-and-natural-language-processing',
      'llama-3-1-70b-instruct',
      /^research-computer-vision-and-na-[0-9a-f]{8}\.llama-3-1-70b-instruct$/,
    ],
    [
      // The shortened namespace would end in a dash: it goes, so no `--` appears.
      'research-computer-vision-and-n-more-words-to-make-this-long',
      'llama-3-1-70b-instruct',
      /^research-computer-vision-and-n-[0-9a-f]{8}\.llama-3-1-70b-instruct$/,
    ],
    [
      // Longer than any deployment name the API accepts today; still a valid entity name.
      'ml',
      `m${'x'.repeat(60)}`,
      /^ml\.mx+-[0-9a-f]{8}$/,
    ],
  ])('names %s/%s as a valid entity name', (namespace, name, expected) => {
    const entityName = deploymentEntityName(namespace, name);
    expect(entityName).toMatch(expected);
    expect(entityName.length).toBeLessThanOrEqual(63);
    expect(entityName).toMatch(validName);
  });

  it('keeps long names of different namespaces apart', () => {
    const long = 'team-with-a-very-long-namespace-name-for-the-test';
    expect(
      deploymentEntityName(`${long}-a`, 'llama-3-1-70b-instruct'),
    ).not.toBe(deploymentEntityName(`${long}-b`, 'llama-3-1-70b-instruct'));
  });
});
