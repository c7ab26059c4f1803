import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { hmasApiRef, HmasClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The H-MAS frontend plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const hmasPlugin = createPlugin({
  id: 'hmas',
  apis: [
    createApiFactory({
      api: hmasApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HmasClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The H-MAS page, to mount at a route such as `/hmas`.
 *
 * @public
 */
export const HmasPage: () => JSX.Element = hmasPlugin.provide(
  createRoutableExtension({
    name: 'HmasPage',
    component: () => import('./components/HmasPage').then(m => m.HmasPage),
    mountPoint: rootRouteRef,
  }),
);
