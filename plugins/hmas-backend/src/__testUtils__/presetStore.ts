import { ConflictError } from '@backstage/errors';
import type { PolicyPreset, PresetSpec } from '@h-mas/plugin-hmas-common';
import type { NewAuditEntry } from '../database/AuditStore';
import type { PresetStore } from '../database/PresetStore';

/**
 * An in-memory {@link PresetStore} for service and route tests; `audit` collects what the
 * database store would write in its transactions.
 *
 * @internal
 */
export class InMemoryPresetStore implements PresetStore {
  readonly rows = new Map<string, PolicyPreset>();
  readonly audit: NewAuditEntry[] = [];
  private clock = 0;

  private now() {
    this.clock += 1;
    return new Date(Date.UTC(2026, 10, 23, 12, 0, this.clock)).toISOString();
  }

  private taken(name: string, except?: string) {
    return [...this.rows.values()].some(
      p => p.name === name && p.id !== except,
    );
  }

  async list() {
    return [...this.rows.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(id: string) {
    return this.rows.get(id);
  }

  async getByName(name: string) {
    return [...this.rows.values()].find(p => p.name === name);
  }

  async create(
    preset: { id: string; spec: PresetSpec; createdBy: string },
    audit: NewAuditEntry,
  ) {
    if (this.taken(preset.spec.name)) {
      throw new ConflictError(
        `A preset named ${preset.spec.name} already exists`,
      );
    }
    const now = this.now();
    const row: PolicyPreset = {
      ...preset.spec,
      id: preset.id,
      createdBy: preset.createdBy,
      createdAt: now,
      updatedAt: now,
    };
    this.rows.set(row.id, row);
    this.audit.push(audit);
    return row;
  }

  async update(id: string, spec: PresetSpec, audit: NewAuditEntry) {
    const before = this.rows.get(id);
    if (!before) return undefined;
    if (this.taken(spec.name, id)) {
      throw new ConflictError(`A preset named ${spec.name} already exists`);
    }
    const row: PolicyPreset = {
      ...spec,
      id,
      createdBy: before.createdBy,
      createdAt: before.createdAt,
      updatedAt: this.now(),
    };
    this.rows.set(id, row);
    this.audit.push(audit);
    return row;
  }

  async delete(id: string, audit: NewAuditEntry) {
    if (!this.rows.delete(id)) return false;
    this.audit.push(audit);
    return true;
  }
}
