import { Entity } from '@backstage/catalog-model';
import { HmasServedEntityProcessor } from './HmasServedEntityProcessor';

const location = { type: 'file', target: 'entities.yaml' };

function entity(kind: string, name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: {},
  };
}

describe('HmasServedEntityProcessor', () => {
  const links = {
    deploymentsServing: jest.fn((ref: string) =>
      ref === 'component:default/chat-assistant' ? ['llama-cpu'] : [],
    ),
  };
  const processor = new HmasServedEntityProcessor(links);

  it('annotates a served component and subscribes it to its refresh key', async () => {
    const emit = jest.fn();
    const result = await processor.preProcessEntity(
      entity('Component', 'Chat-Assistant'),
      location,
      emit,
    );
    expect(result.metadata.annotations).toEqual({
      'h-mas.io/model-deployments': 'llama-cpu',
      'backstage.io/kubernetes-label-selector':
        'h-mas.io/serves=component.default.chat-assistant',
    });
    expect(emit).toHaveBeenCalledWith({
      type: 'refresh',
      key: 'hmas-serves:component:default/chat-assistant',
    });
  });

  it('leaves a component that nothing serves as it is, but subscribed', async () => {
    const emit = jest.fn();
    const input = entity('Component', 'billing');
    expect(await processor.preProcessEntity(input, location, emit)).toBe(input);
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it.each(['Resource', 'User', 'Group', 'Location', 'Template'])(
    'ignores %s entities entirely',
    async kind => {
      const emit = jest.fn();
      const input = entity(kind, 'chat-assistant');
      expect(await processor.preProcessEntity(input, location, emit)).toBe(
        input,
      );
      expect(emit).not.toHaveBeenCalled();
    },
  );
});
