import type { Entity } from '@backstage/catalog-model';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { modelDeploymentsEntityCard } from './entityCard';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat-assistant', annotations },
  spec: {},
});

describe('modelDeploymentsEntityCard', () => {
  it('is the model-deployments entity card of the overview page', () => {
    expect(String(modelDeploymentsEntityCard)).toContain(
      'kind=entity-card,name=model-deployments',
    );
    expect(
      createExtensionTester(modelDeploymentsEntityCard).snapshot().id,
    ).toBe('entity-card:model-deployments');
  });

  it('is a content card, for the main column of the overview', () => {
    expect(
      createExtensionTester(modelDeploymentsEntityCard).get(
        EntityCardBlueprint.dataRefs.type,
      ),
    ).toBe('content');
  });

  it.each([
    [{ 'h-mas.io/model-deployments': 'llama-cpu' }, true],
    [{ 'h-mas.io/model-deployments': 'llama-cpu, ml-team/qwen' }, true],
    [{ 'h-mas.io/model-deployments': '  ' }, false],
    [{ 'backstage.io/kubernetes-id': 'llama-cpu' }, false],
    [{}, false],
  ])('shows on an entity annotated %j: %s', (annotations, shown) => {
    const filter = createExtensionTester(modelDeploymentsEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(entity(annotations))).toBe(shown);
  });
});
