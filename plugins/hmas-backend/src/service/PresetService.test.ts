import { InputError, NotFoundError } from '@backstage/errors';
import { builtinRuntimes, examplePresets } from '@h-mas/plugin-hmas-common';
import { InMemoryPresetStore } from '../__testUtils__/presetStore';
import { PresetService } from './PresetService';

const ctx = { actor: 'user:default/ada', source: 'api' as const };

describe('PresetService', () => {
  it.each(examplePresets.map(p => [p.name, p] as const))(
    'accepts the example preset %s',
    async (_, preset) => {
      const service = new PresetService({ store: new InMemoryPresetStore() });
      await expect(service.create(preset, ctx)).resolves.toMatchObject({
        name: preset.name,
      });
    },
  );

  it('accepts a profile for a runtime a module added', async () => {
    const custom = { ...builtinRuntimes[0], id: 'sglang', title: 'SGLang' };
    const service = new PresetService({
      store: new InMemoryPresetStore(),
      runtimes: () => [custom],
    });
    const preset = await service.create(
      { ...examplePresets[0], resources: { sglang: { memory: '32Gi' } } },
      ctx,
    );
    expect(preset.resources).toEqual({ sglang: { memory: '32Gi' } });
  });

  it('names every offending field in one InputError', async () => {
    const service = new PresetService({ store: new InMemoryPresetStore() });
    const error = await service
      .create({ name: 'Bad Name', placement: {} }, ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^Invalid preset: name: /);
    expect(error.message).toContain('title: Required');
    expect(error.message).toContain('placement.replicaScheduling: Required');
  });

  it('stores the parsed preset, defaults applied', async () => {
    const store = new InMemoryPresetStore();
    const service = new PresetService({ store });
    const preset = await service.create(
      { ...examplePresets[0], failover: {} },
      ctx,
    );
    expect(preset.failover).toEqual({ tolerationSeconds: 300 });
    expect(store.audit[0].details).toEqual({
      after: expect.objectContaining({ failover: { tolerationSeconds: 300 } }),
    });
  });

  it('reports renames in the audit summary', async () => {
    const store = new InMemoryPresetStore();
    const service = new PresetService({ store });
    const { id } = await service.create(examplePresets[1], ctx);
    await service.update(id, { ...examplePresets[1], name: 'renamed' }, ctx);
    expect(store.audit[1].summary).toBe(
      'updated preset duplicated-per-cluster → renamed: any zone, Duplicated, spread by cluster',
    );
  });

  it('throws NotFoundError for a missing preset', async () => {
    const service = new PresetService({ store: new InMemoryPresetStore() });
    const id = '00000000-0000-4000-8000-000000000001';
    await expect(service.get(id)).rejects.toThrow(NotFoundError);
    await expect(service.update(id, examplePresets[0], ctx)).rejects.toThrow(
      NotFoundError,
    );
    await expect(service.delete(id, ctx)).rejects.toThrow(NotFoundError);
  });
});
