import { SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { HMAS_LOCATION } from './clusterEntity';

/**
 * What both H-MAS entity providers share: connect, refresh on the task runner's schedule, and
 * replace every entity the provider owns with one full mutation.
 *
 * @public
 */
export abstract class ScheduledEntityProvider implements EntityProvider {
  private current?: EntityProviderConnection;

  protected constructor(
    private readonly providerName: string,
    private readonly taskRunner: SchedulerServiceTaskRunner,
  ) {}

  getProviderName(): string {
    return this.providerName;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.current = connection;
    await this.taskRunner.run({
      id: `${this.providerName}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Re-reads the source and replaces every entity this provider owns. */
  abstract refresh(): Promise<void>;

  /** The catalog connection; refreshing before `connect` is an error. */
  protected requireConnection(): EntityProviderConnection {
    if (!this.current) {
      throw new Error(`${this.providerName} is not connected`);
    }
    return this.current;
  }

  /** Replaces every entity this provider owns with `entities`. */
  protected async replaceEntities(entities: Entity[]): Promise<void> {
    await this.requireConnection().applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: HMAS_LOCATION,
      })),
    });
  }
}
