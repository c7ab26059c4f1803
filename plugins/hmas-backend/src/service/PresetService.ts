import { InputError, NotFoundError } from '@backstage/errors';
import {
  formatZodError,
  PolicyPreset,
  PresetSpec,
  presetSpecSchema,
  RuntimeDefinition,
  runtimeById,
} from '@h-mas/plugin-hmas-common';
import { randomUUID } from 'node:crypto';
import { PresetStore } from '../database/PresetStore';
import { WriteContext } from './ClusterService';

/** @public */
export interface PresetServiceOptions {
  store: PresetStore;
  /** Runtimes added by modules, besides the built-ins; resource profiles may name them. */
  runtimes?: () => RuntimeDefinition[];
}

function describe(spec: PresetSpec): string {
  const rs = spec.placement.replicaScheduling;
  const parts = [
    spec.placement.zone ? `zone ${spec.placement.zone}` : 'any zone',
    rs.type === 'Duplicated' ? 'Duplicated' : `Divided (${rs.weighting.mode})`,
  ];
  if (spec.placement.spreadBy) {
    parts.push(`spread by ${spec.placement.spreadBy.field}`);
  }
  if (spec.failover) {
    parts.push(`failover after ${spec.failover.tolerationSeconds}s`);
  }
  const runtimes = Object.keys(spec.resources ?? {});
  if (runtimes.length > 0) parts.push(`resources for ${runtimes.join(', ')}`);
  return parts.join(', ');
}

/**
 * Policy presets: the one path for listing, reading and writing them. Input is validated
 * with `presetSpecSchema`; every write is audited in the store's transaction.
 *
 * @public
 */
export class PresetService {
  private readonly store: PresetStore;
  private readonly runtimes: () => RuntimeDefinition[];

  constructor(options: PresetServiceOptions) {
    this.store = options.store;
    this.runtimes = options.runtimes ?? (() => []);
  }

  /** Validates a preset; an InputError names every offending field. */
  parse(input: unknown): PresetSpec {
    const parsed = presetSpecSchema.safeParse(input);
    if (!parsed.success) {
      throw new InputError(`Invalid preset: ${formatZodError(parsed.error)}`);
    }
    const unknown = Object.keys(parsed.data.resources ?? {}).filter(
      id => !runtimeById(id, this.runtimes()),
    );
    if (unknown.length > 0) {
      throw new InputError(
        `Invalid preset: ${unknown
          .map(id => `resources.${id}: unknown runtime ${id}`)
          .join('; ')}`,
      );
    }
    return parsed.data;
  }

  async list(): Promise<PolicyPreset[]> {
    return this.store.list();
  }

  /** A preset by id; a NotFoundError when there is none. */
  async get(id: string): Promise<PolicyPreset> {
    const preset = await this.store.get(id);
    if (!preset) throw new NotFoundError(`No preset with id ${id}`);
    return preset;
  }

  async create(input: unknown, ctx: WriteContext): Promise<PolicyPreset> {
    const spec = this.parse(input);
    return this.store.create(
      { id: randomUUID(), spec, createdBy: ctx.actor },
      {
        ...ctx,
        action: 'preset.create',
        targetKind: 'preset',
        targetName: spec.name,
        summary: `created preset ${spec.name}: ${describe(spec)}`,
        details: { after: spec },
      },
    );
  }

  async update(
    id: string,
    input: unknown,
    ctx: WriteContext,
  ): Promise<PolicyPreset> {
    const spec = this.parse(input);
    const before = await this.get(id);
    const { id: _id, createdAt, updatedAt, createdBy, ...beforeSpec } = before;
    const updated = await this.store.update(id, spec, {
      ...ctx,
      action: 'preset.update',
      targetKind: 'preset',
      targetName: spec.name,
      summary: `updated preset ${
        before.name === spec.name ? spec.name : `${before.name} → ${spec.name}`
      }: ${describe(spec)}`,
      details: { id, before: beforeSpec, after: spec },
    });
    if (!updated) throw new NotFoundError(`No preset with id ${id}`);
    return updated;
  }

  async delete(id: string, ctx: WriteContext): Promise<void> {
    const before = await this.get(id);
    const deleted = await this.store.delete(id, {
      ...ctx,
      action: 'preset.delete',
      targetKind: 'preset',
      targetName: before.name,
      summary: `deleted preset ${before.name}`,
      details: { id },
    });
    if (!deleted) throw new NotFoundError(`No preset with id ${id}`);
  }
}
