import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { MODEL_DEPLOYMENTS_ANNOTATION } from '../components/ModelDeploymentsCard/annotation';

/**
 * The "Model deployments" card on the overview of entities that name model deployments in
 * their `h-mas.io/model-deployments` annotation: the services that deployments serve (the
 * catalog module adds the annotation) and the deployments' own `Resource` entities. A
 * `content` card, in the main column of the overview; an app puts it first by listing
 * `entity-card:hmas/model-deployments` first among its entity cards in `app.extensions`.
 *
 * @alpha
 */
export const modelDeploymentsEntityCard = EntityCardBlueprint.make({
  name: 'model-deployments',
  params: {
    type: 'content',
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
