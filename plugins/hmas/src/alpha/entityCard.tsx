import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { MODEL_DEPLOYMENTS_ANNOTATION } from '../components/ModelDeploymentsCard/annotation';

/**
 * The "Model deployments" card on the overview of entities that name model deployments in
 * their `h-mas.io/model-deployments` annotation.
 *
 * @alpha
 */
export const modelDeploymentsEntityCard = EntityCardBlueprint.make({
  name: 'model-deployments',
  params: {
    filter: entity =>
      Boolean(
        entity.metadata.annotations?.[MODEL_DEPLOYMENTS_ANNOTATION]?.trim(),
      ),
    loader: () =>
      import('../components/ModelDeploymentsCard').then(m => (
        <m.ModelDeploymentsCard />
      )),
  },
});
