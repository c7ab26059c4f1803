import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { themes, UnifiedThemeProvider } from '@backstage/theme';
import type { ReactNode } from 'react';
import { configApiRef, type AppNode } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  TestApiProvider,
  withLogCollector,
} from '@backstage/frontend-test-utils';
import { GettingStarted } from './GettingStarted';
import { HomePageLayout } from './HomePageLayout';

const widget = (name: string, text: string) => ({
  node: { spec: { id: `home-page-widget:test/${name}` } } as AppNode,
  name,
  component: <section aria-label={name}>{text}</section>,
});

/** Config, the Backstage theme and a router (React Router's v7 behaviour, as the app has it). */
const inRouter = (children: ReactNode) =>
  render(
    <TestApiProvider apis={[[configApiRef, mockApis.config()]]}>
      <UnifiedThemeProvider theme={themes.light}>
        <MemoryRouter
          future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
        >
          {children}
        </MemoryRouter>
      </UnifiedThemeProvider>
    </TestApiProvider>,
  );

describe('HomePageLayout', () => {
  it('names the portal and lays out search, getting started and the rest', () => {
    inRouter(
      <HomePageLayout
        widgets={[
          widget('HomePageStarredEntities', 'Your starred entities'),
          widget('GettingStarted', 'What H-MAS is'),
          widget('HomePageSearchBar', 'Search'),
        ]}
      />,
    );
    expect(
      screen.getByRole('heading', { name: 'H-MAS Portal' }),
    ).toBeInTheDocument();
    // Search first, then getting started, then the others.
    expect(
      screen.getAllByRole('region').map(r => r.getAttribute('aria-label')),
    ).toEqual([
      'HomePageSearchBar',
      'GettingStarted',
      'HomePageStarredEntities',
    ]);
  });
});

describe('GettingStarted', () => {
  it('says what H-MAS is and links to where to start', async () => {
    const logs = await withLogCollector(['error', 'warn'], async () => {
      inRouter(<GettingStarted />);
    });
    // Material UI v4's Link (inside Backstage's Link) calls findDOMNode, which React 18.3
    // deprecates, once per test file; nothing else may be written.
    expect(logs.warn).toEqual([]);
    expect(
      logs.error.filter(e => !/^Warning: findDOMNode is deprecated/.test(e)),
    ).toEqual([]);
    expect(screen.getByText(/H-MAS deploys AI models/)).toBeInTheDocument();
    const links = within(screen.getByRole('list', { name: 'Getting started' }))
      .getAllByRole('link')
      .map(a => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['H-MAS overview', '/hmas'],
      ['Model deployments', '/hmas/deployments'],
      ['Deploy a model', '/create/templates/default/hmas-deploy-model'],
      ['Create', '/create'],
      ['Catalog', '/catalog'],
    ]);
  });
});
