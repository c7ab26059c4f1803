import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { render, waitFor } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('should render', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(App.createRoot());

    await waitFor(() => {
      expect(rendered.baseElement).toBeInTheDocument();
    });
  });
});

describe('app-config.yaml', () => {
  const config = parse(
    fs.readFileSync(
      path.resolve(__dirname, '../../../app-config.yaml'),
      'utf8',
    ),
  );
  const extensions = config.app.extensions as Array<
    string | Record<string, unknown>
  >;
  const ids = extensions.map(e =>
    typeof e === 'string' ? e : Object.keys(e)[0],
  );

  it('leaves the catalog at its default /catalog and makes the home page the landing page', () => {
    expect(ids).not.toContain('page:catalog');
    expect(extensions).toContainEqual({
      'page:home': { config: { path: '/' } },
    });
  });

  it('turns off the stock home widgets that reach the internet or have nothing to show', () => {
    for (const widget of [
      'random-joke',
      'toolkit',
      'world-clock',
      'most-visited',
      'recently-visited',
    ]) {
      expect(extensions).toContainEqual({
        [`home-page-widget:home/${widget}`]: false,
      });
    }
  });

  it('puts the Model deployments card first among the entity cards', () => {
    // The app orders configured extensions first, in the order of the configuration.
    expect(ids.filter(id => id.startsWith('entity-card:'))[0]).toBe(
      'entity-card:hmas/model-deployments',
    );
  });

  it('no longer registers the example Node.js template', () => {
    const targets = (config.catalog.locations as { target: string }[]).map(
      l => l.target,
    );
    expect(targets.filter(t => t.includes('example-nodejs'))).toEqual([]);
    for (const target of targets) {
      expect(
        fs.existsSync(path.resolve(__dirname, '../../backend', target)),
      ).toBe(true);
    }
  });
});
