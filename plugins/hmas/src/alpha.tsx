import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import { hmasApiRef, HmasClient } from './api';
import { rootRouteRef } from './routes';
import { modelDeploymentsEntityCard } from './alpha/entityCard';
import { hmasFormFields } from './scaffolder';

const hmasApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: hmasApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new HmasClient({ discoveryApi, fetchApi }),
    }),
});

const hmasPage = PageBlueprint.make({
  params: {
    path: '/hmas',
    title: 'H-MAS',
    icon: <CloudQueueIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    noHeader: true,
    loader: () => import('./components/HmasPage').then(m => <m.HmasPage />),
  },
});

/**
 * The H-MAS frontend plugin for apps on the new frontend system: the H-MAS page (with its
 * sidebar entry), the API client, the "Model deployments" entity card and the scaffolder
 * field extensions (zone, cluster, runtime/model pickers and the env editor).
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'hmas',
  title: 'H-MAS',
  icon: <CloudQueueIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  extensions: [
    hmasApi,
    hmasPage,
    modelDeploymentsEntityCard,
    ...hmasFormFields,
  ],
  routes: { root: rootRouteRef },
});
