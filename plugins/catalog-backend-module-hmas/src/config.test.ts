import { mockServices } from '@backstage/backend-test-utils';
import { readHmasCatalogConfig } from './config';

const defaults = {
  clusterOwner: 'group:default/platform-team',
  schedule: {
    frequency: { minutes: 1 },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 10 },
  },
};

function read(data: object) {
  const warnings: string[] = [];
  const result = readHmasCatalogConfig(mockServices.rootConfig({ data }), {
    warn: (message: string) => warnings.push(message),
  });
  return { result, warnings };
}

const provider = {
  clusterOwner: 'group:default/infra',
  schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
};

describe('readHmasCatalogConfig', () => {
  it('defaults without any config', () => {
    expect(read({})).toEqual({ result: defaults, warnings: [] });
  });

  it('reads catalog.providers.hmas', () => {
    const { result, warnings } = read({
      catalog: { providers: { hmas: provider } },
    });
    expect(result).toEqual({
      clusterOwner: 'group:default/infra',
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
    });
    expect(warnings).toEqual([]);
  });

  it('still reads the old hmas.catalog key, with a deprecation warning', () => {
    const { result, warnings } = read({ hmas: { catalog: provider } });
    expect(result.clusterOwner).toBe('group:default/infra');
    expect(result.schedule).toEqual({
      frequency: { minutes: 5 },
      timeout: { minutes: 3 },
    });
    expect(warnings).toEqual([
      'The config key hmas.catalog is deprecated; move its settings to catalog.providers.hmas (same fields).',
    ]);
  });

  it('prefers the new key when both are set, without a warning', () => {
    const { result, warnings } = read({
      catalog: { providers: { hmas: { clusterOwner: 'group:default/new' } } },
      hmas: { catalog: { clusterOwner: 'group:default/old' } },
    });
    expect(result.clusterOwner).toBe('group:default/new');
    expect(result.schedule).toEqual(defaults.schedule);
    expect(warnings).toEqual([]);
  });
});
