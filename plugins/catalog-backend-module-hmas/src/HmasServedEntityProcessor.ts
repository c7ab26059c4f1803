import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  servedEntityKey,
  servedRefreshKey,
  withServedDeployments,
} from './servedEntity';

/** Kinds whose entities deployments can serve (what the Deploy a model template links). */
const SERVED_KINDS = new Set(['component', 'api', 'system']);

/**
 * Links catalog entities to the model deployments that serve them (`entityRef` of a
 * deployment): adds the deployments to the entity's `h-mas.io/model-deployments` annotation
 * and, where the entity has no Kubernetes annotation, a label selector that shows their pods.
 * The served entities are re-processed when their deployments change (refresh keys).
 *
 * @public
 */
export class HmasServedEntityProcessor implements CatalogProcessor {
  constructor(
    private readonly links: {
      /** `name` / `namespace/name` of the deployments serving `entityRef`. */
      deploymentsServing(entityRef: string): string[];
    },
  ) {}

  getProcessorName(): string {
    return 'HmasServedEntityProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!SERVED_KINDS.has(entity.kind.toLowerCase())) return entity;
    const ref = servedEntityKey(entity);
    emit(processingResult.refresh(servedRefreshKey(ref)));
    return withServedDeployments(entity, this.links.deploymentsServing(ref));
  }
}
