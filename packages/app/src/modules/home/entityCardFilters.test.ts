import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import {
  FilterPredicate,
  filterPredicateToFilterFunction,
} from '@backstage/filter-predicates';

/** The entity card filters app-config.yaml sets, by extension id. */
const filters = new Map<string, (entity: Entity) => boolean>(
  (
    parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../../app-config.yaml'),
        'utf8',
      ),
    ).app.extensions as Array<string | Record<string, any>>
  )
    .filter(
      (e): e is Record<string, any> =>
        typeof e === 'object' &&
        Object.keys(e)[0].startsWith('entity-card:') &&
        Boolean(Object.values(e)[0]?.config?.filter),
    )
    .map(e => {
      const [id, value] = Object.entries(e)[0];
      return [
        id,
        filterPredicateToFilterFunction<Entity>(
          value.config.filter as FilterPredicate,
        ),
      ];
    }),
);

const component = (relations: Entity['relations']): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'chat-assistant' },
  spec: { type: 'service' },
  relations,
});

/** The cards a component with these relations shows, of those the config filters. */
const shown = (entity: Entity) =>
  [...filters].filter(([, f]) => f(entity)).map(([id]) => id);

describe('the entity card filters of app-config.yaml', () => {
  it('hide the relation cards of a service that has none of those relations', () => {
    expect(
      shown(
        component([{ type: 'ownedBy', targetRef: 'group:default/guests' }]),
      ),
    ).toEqual([]);
  });

  it('show Depends on resources for a service a model deployment serves', () => {
    expect(
      shown(
        component([
          { type: 'dependsOn', targetRef: 'resource:default/demo-llama-cpu' },
        ]),
      ),
    ).toEqual(['entity-card:catalog/depends-on-resources']);
  });

  it('show each card for its own relation only', () => {
    const all = component([
      { type: 'dependsOn', targetRef: 'component:default/search' },
      { type: 'hasPart', targetRef: 'component:default/ui' },
      { type: 'providesApi', targetRef: 'api:default/chat' },
      { type: 'consumesApi', targetRef: 'api:default/llm' },
    ]);
    expect(shown(all).sort()).toEqual([
      'entity-card:api-docs/consumed-apis',
      'entity-card:api-docs/provided-apis',
      'entity-card:catalog/depends-on-components',
      'entity-card:catalog/has-subcomponents',
    ]);
  });

  it('never show the component cards on other kinds', () => {
    expect(
      shown({
        ...component([
          { type: 'dependsOn', targetRef: 'resource:default/cpu-oregon' },
        ]),
        kind: 'Resource',
      }),
    ).toEqual([]);
  });
});
