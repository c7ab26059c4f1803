import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleHmas } from './module';

describe('scaffolderModuleHmas', () => {
  it('registers the H-MAS actions with the scaffolder', async () => {
    const addActions = jest.fn();

    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleHmas],
    });

    const ids = addActions.mock.calls.flat().map(action => action.id);
    expect(ids).toEqual([
      'hmas:deployment:create',
      'hmas:manifests:render',
      'hmas:deployment:delete',
      'hmas:cluster:labels:update',
      'hmas:policy:propagation:create',
      'hmas:policy:override:create',
      'hmas:cluster:create',
    ]);
  });
});
