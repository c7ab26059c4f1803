import type { PolicyPreset, PresetSpec } from '@h-mas/plugin-hmas-common';
import type { NewAuditEntry } from './AuditStore';

/**
 * Persistence of policy presets. Every write appends its audit entry in the same
 * transaction: either both land or neither does.
 *
 * @public
 */
export interface PresetStore {
  /** All presets, by name. */
  list(): Promise<PolicyPreset[]>;
  get(id: string): Promise<PolicyPreset | undefined>;
  getByName(name: string): Promise<PolicyPreset | undefined>;
  /** Inserts a preset; a ConflictError when the name is taken. */
  create(
    preset: { id: string; spec: PresetSpec; createdBy: string },
    audit: NewAuditEntry,
  ): Promise<PolicyPreset>;
  /**
   * Replaces a preset's spec (name included); `undefined` when there is no such preset, a
   * ConflictError when the new name is taken.
   */
  update(
    id: string,
    spec: PresetSpec,
    audit: NewAuditEntry,
  ): Promise<PolicyPreset | undefined>;
  /** Deletes a preset; false when there was none (and then no audit entry). */
  delete(id: string, audit: NewAuditEntry): Promise<boolean>;
}
