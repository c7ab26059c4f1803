import type {
  AuditEntry,
  PolicyInfo,
  PolicyKind,
} from '@h-mas/plugin-hmas-common';
import type { NewAuditEntry } from './AuditStore';

/** Identifies one cached policy; `namespace` is `''` for the cluster-scoped kinds. @public */
export interface PolicyKey {
  kind: PolicyKind;
  namespace: string;
  name: string;
}

/**
 * The policy cache. Karmada is the source of truth; this keeps the last seen summary of every
 * propagation and override policy for fast listing.
 *
 * @public
 */
export interface PolicyStore {
  /** Cached policies, of one kind or all, ordered by kind, namespace and name. */
  listPolicies(kind?: PolicyKind): Promise<PolicyInfo[]>;
  getPolicy(key: PolicyKey): Promise<PolicyInfo | undefined>;
  /**
   * Writes one policy and, in the same transaction, its audit entry: either both land or
   * neither does.
   */
  savePolicy(
    policy: PolicyInfo,
    audit?: NewAuditEntry,
  ): Promise<AuditEntry | undefined>;
  /** Removes one policy and, in the same transaction, writes its audit entry. */
  deletePolicy(
    key: PolicyKey,
    audit?: NewAuditEntry,
  ): Promise<AuditEntry | undefined>;
  /** Replaces every cached policy of a kind with a fresh LIST from Karmada. */
  replaceKind(kind: PolicyKind, policies: PolicyInfo[]): Promise<void>;
}
