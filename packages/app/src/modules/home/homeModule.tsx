import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started with H-MAS',
    description:
      'What H-MAS is, and where to deploy models, follow them and find the services they serve',
    components: () =>
      import('./GettingStarted').then(m => ({ Content: m.GettingStarted })),
  },
});

/** The H-MAS landing page: a header and the widgets, the getting-started card first. */
const homePageLayout = HomePageLayoutBlueprint.make({
  name: 'hmas',
  params: {
    loader: () => import('./HomePageLayout').then(m => m.HomePageLayout),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget, homePageLayout],
});
