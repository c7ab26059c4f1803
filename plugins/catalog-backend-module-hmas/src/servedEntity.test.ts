import { Entity } from '@backstage/catalog-model';
import { servedRefreshKey, withServedDeployments } from './servedEntity';

const service = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat-assistant', annotations },
  spec: { type: 'service', owner: 'guests', lifecycle: 'experimental' },
});

describe('withServedDeployments', () => {
  it.each([
    [
      'adds the deployments and a label selector for the Kubernetes tab',
      {},
      ['llama-cpu'],
      {
        'h-mas.io/model-deployments': 'llama-cpu',
        'backstage.io/kubernetes-label-selector':
          'h-mas.io/serves=component.default.chat-assistant',
      },
    ],
    [
      'merges with the deployments the annotation lists, without repeats',
      { 'h-mas.io/model-deployments': 'demo, llama-cpu' },
      ['llama-cpu', 'ml-team/qwen'],
      {
        'h-mas.io/model-deployments': 'demo,llama-cpu,ml-team/qwen',
        'backstage.io/kubernetes-label-selector':
          'h-mas.io/serves=component.default.chat-assistant',
      },
    ],
    [
      'keeps the entity’s own Kubernetes selector',
      { 'backstage.io/kubernetes-id': 'chat' },
      ['llama-cpu'],
      {
        'backstage.io/kubernetes-id': 'chat',
        'h-mas.io/model-deployments': 'llama-cpu',
      },
    ],
    ['changes nothing without deployments', { a: 'b' }, [], { a: 'b' }],
  ])('%s', (_case, annotations, deployments, expected) => {
    const entity = service(annotations);
    const result = withServedDeployments(entity, deployments);
    expect(result.metadata.annotations).toEqual(expected);
    expect(result.spec).toBe(entity.spec);
    expect(entity.metadata.annotations).toEqual(annotations); // not mutated
  });
});

describe('servedRefreshKey', () => {
  it.each([
    ['component:default/chat', 'hmas-serves:component:default/chat'],
    ['Component:Chat', 'hmas-serves:component:default/chat'],
  ])('%s → %s', (ref, key) => {
    expect(servedRefreshKey(ref)).toBe(key);
  });
});
