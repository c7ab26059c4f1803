import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  isNamespacedPolicyKind,
  KarmadaPolicyObject,
  PolicyInfo,
  PolicyKind,
  policyKindNames,
  policyKinds,
  toPolicyInfo,
  validatePolicy,
  writablePolicy,
} from '@h-mas/plugin-hmas-common';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { NewAuditEntry } from '../database/AuditStore';
import { PolicyStore } from '../database/PolicyStore';
import { WriteContext } from './ClusterService';

/** @public */
export interface PolicyServiceOptions {
  karmada: KarmadaClient;
  store: PolicyStore;
  logger: LoggerService;
  /** How long a kind's cached list is served before the next list re-reads Karmada. Default 10 s. */
  maxCacheAgeMs?: number;
}

/** Identifies one policy in Karmada; `namespace` only for the namespaced kinds. @public */
export interface PolicyRef {
  kind: PolicyKind;
  namespace?: string;
  name: string;
}

type Json = Record<string, unknown>;

// kubectl apply keeps a copy of the whole object in this annotation; the audit entry already
// holds the spec and the other metadata, so it would only double the entry's size.
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
// Policies are a few KB of JSON. An entry whose before and after would exceed this keeps only
// the summary, so that one huge policy cannot bloat the audit log.
const MAX_AUDITED_STATES_CHARS = 64 * 1024;

/**
 * What the audit log keeps of a policy before or after a write: its labels, annotations and
 * spec; no status and no server-managed metadata.
 */
function auditedState(policy: KarmadaPolicyObject): Json {
  const { labels, annotations = {} } = policy.metadata;
  const { [LAST_APPLIED]: _lastApplied, ...kept } = annotations;
  const metadata = {
    ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(kept).length > 0 ? { annotations: kept } : {}),
  };
  return {
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    spec: policy.spec,
  };
}

/** The `before` (not on create) and `after` (not on delete) of an audit entry's details. */
function auditedStates(change: {
  before?: KarmadaPolicyObject;
  after?: KarmadaPolicyObject;
}): Json {
  const states: Json = {
    ...(change.before ? { before: auditedState(change.before) } : {}),
    ...(change.after ? { after: auditedState(change.after) } : {}),
  };
  return JSON.stringify(states).length > MAX_AUDITED_STATES_CHARS
    ? { statesOmitted: true }
    : states;
}

function describeRef(ref: PolicyRef) {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/**
 * The audit target name of a policy: `namespace/name`, or `name` for a cluster-scoped kind.
 *
 * @internal
 */
export function policyTargetName(ref: PolicyRef) {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/**
 * Karmada propagation and override policies (all four kinds): list from the cache, read,
 * create, replace and delete in Karmada. Karmada's validation rules run before any write, so
 * an invalid policy is an InputError naming the field and nothing is written. Karmada is
 * written first; the cache row and the audit entry follow in one transaction, and a failed
 * database write reverts the Karmada change.
 *
 * @public
 */
export class PolicyService {
  private readonly karmada: KarmadaClient;
  private readonly store: PolicyStore;
  private readonly logger: LoggerService;
  private readonly maxAgeMs: number;
  private readonly listedAt = new Map<PolicyKind, number>();

  constructor(options: PolicyServiceOptions) {
    this.karmada = options.karmada;
    this.store = options.store;
    this.logger = options.logger;
    this.maxAgeMs = options.maxCacheAgeMs ?? 10_000;
  }

  /**
   * Cached policies of one kind or all. The cache is refreshed from one Karmada LIST per kind
   * when `refresh` is set or when it holds nothing for the request.
   */
  async list(
    options: { kind?: PolicyKind; refresh?: boolean } = {},
  ): Promise<PolicyInfo[]> {
    // Deployments and kubectl also write policies, so the cache is only trusted for a short
    // while after its last LIST of a kind.
    const kinds = options.kind ? [options.kind] : policyKindNames;
    const now = Date.now();
    for (const kind of kinds) {
      const listedAt = this.listedAt.get(kind);
      if (
        !options.refresh &&
        listedAt !== undefined &&
        now - listedAt < this.maxAgeMs
      ) {
        continue;
      }
      const items = await this.listFromKarmada(kind);
      await this.store.replaceKind(kind, items.map(toPolicyInfo));
      this.listedAt.set(kind, now);
    }
    return this.store.listPolicies(options.kind);
  }

  /** One policy, read from Karmada. */
  async get(ref: PolicyRef): Promise<KarmadaPolicyObject> {
    const policy = await this.read(ref);
    if (!policy) throw new NotFoundError(`${describeRef(ref)} not found`);
    return policy;
  }

  /** Creates a policy after checking Karmada's validation rules. */
  async create(
    input: KarmadaPolicyObject,
    ctx: WriteContext,
  ): Promise<KarmadaPolicyObject> {
    this.validate(input);
    const created = await this.karmada.createObject(writablePolicy(input));
    const ref = this.refOf(created);
    try {
      await this.store.savePolicy(
        toPolicyInfo(created),
        this.auditEntry('create', created, ctx, { after: created }),
      );
    } catch (error) {
      // Keep Karmada and the audit log in step: no policy without its audit entry.
      await this.karmada
        .deleteObject(created)
        .catch(e =>
          this.logger.error(
            `Could not roll back the creation of ${describeRef(ref)}: ${e}`,
          ),
        );
      throw error;
    }
    return created;
  }

  /**
   * Replaces a policy's labels, annotations and spec. `metadata.resourceVersion` is required;
   * a policy that changed since the caller read it is a ConflictError.
   */
  async replace(
    input: KarmadaPolicyObject,
    ctx: WriteContext,
  ): Promise<KarmadaPolicyObject> {
    const version = input.metadata.resourceVersion;
    if (!version) {
      throw new InputError(
        'Invalid policy: metadata.resourceVersion: is required to replace a policy (read it first)',
      );
    }
    const ref = this.refOf(input);
    const current = await this.get(ref);
    this.validate(input, current);
    const currentVersion = current.metadata.resourceVersion ?? '';
    if (version !== currentVersion) {
      throw new ConflictError(
        `${describeRef(
          ref,
        )} changed since it was read (resourceVersion ${version}, now ${currentVersion}); reload it and apply the change again`,
      );
    }
    const updated = await this.patchTo(current, writablePolicy(input), version);
    try {
      await this.store.savePolicy(
        toPolicyInfo(updated),
        this.auditEntry(
          'update',
          updated,
          ctx,
          { before: current, after: updated },
          { fromResourceVersion: currentVersion },
        ),
      );
    } catch (error) {
      await this.patchTo(
        updated,
        writablePolicy(current),
        updated.metadata.resourceVersion,
      ).catch(e =>
        this.logger.error(
          `Could not revert ${describeRef(
            ref,
          )} after a failed database write; the next refresh will cache Karmada's state: ${e}`,
        ),
      );
      throw error;
    }
    return updated;
  }

  /** Deletes a policy. */
  async delete(ref: PolicyRef, ctx: WriteContext): Promise<void> {
    const current = await this.get(ref);
    const key = this.refOf(current);
    const deleted = await this.karmada.deleteObject(current);
    if (!deleted) throw new NotFoundError(`${describeRef(ref)} not found`);
    try {
      await this.store.deletePolicy(
        { kind: key.kind, namespace: key.namespace ?? '', name: key.name },
        this.auditEntry('delete', current, ctx, { before: current }),
      );
    } catch (error) {
      await this.karmada
        .createObject(writablePolicy(current))
        .catch(e =>
          this.logger.error(
            `Could not restore ${describeRef(
              ref,
            )} after a failed database write: ${e}`,
          ),
        );
      throw error;
    }
  }

  private validate(input: unknown, current?: KarmadaPolicyObject) {
    const errors = validatePolicy(input, current);
    if (errors.length > 0) {
      throw new InputError(
        `Invalid policy: ${errors
          .map(e => (e.field ? `${e.field}: ${e.message}` : e.message))
          .join('; ')}`,
      );
    }
  }

  private refOf(policy: {
    kind: PolicyKind;
    metadata: { name: string; namespace?: string };
  }): PolicyRef {
    return {
      kind: policy.kind,
      name: policy.metadata.name,
      ...(isNamespacedPolicyKind(policy.kind)
        ? { namespace: policy.metadata.namespace }
        : {}),
    };
  }

  private async read(ref: PolicyRef) {
    return this.karmada.readObject<KarmadaPolicyObject>({
      apiVersion: policyKinds[ref.kind].apiVersion,
      kind: ref.kind,
      metadata: {
        name: ref.name,
        ...(ref.namespace ? { namespace: ref.namespace } : {}),
      },
    });
  }

  /**
   * A conditional replace (carrying `resourceVersion`) of `to`'s writable fields. The
   * finalizers of `from` (the object as Karmada holds it) are kept: a PUT without them would
   * drop the one Karmada's webhook adds at create, and nothing adds it again.
   */
  private async patchTo(
    from: KarmadaPolicyObject,
    to: KarmadaPolicyObject,
    resourceVersion: string | undefined,
  ): Promise<KarmadaPolicyObject> {
    const finalizers = (from.metadata as { finalizers?: string[] }).finalizers;
    return this.karmada.replaceObject<KarmadaPolicyObject>({
      ...to,
      metadata: {
        ...to.metadata,
        ...(finalizers?.length ? { finalizers } : {}),
        ...(resourceVersion ? { resourceVersion } : {}),
      },
    });
  }

  /** The audit entry of a write, with the policy before and after it (SPEC F-5.2). */
  private auditEntry(
    verb: 'create' | 'update' | 'delete',
    policy: KarmadaPolicyObject,
    ctx: WriteContext,
    change: { before?: KarmadaPolicyObject; after?: KarmadaPolicyObject },
    extra: Json = {},
  ): NewAuditEntry {
    const ref = this.refOf(policy);
    const verbs = { create: 'created', update: 'replaced', delete: 'deleted' };
    return {
      actor: ctx.actor,
      source: ctx.source,
      action: `policy.${verb}`,
      targetKind: 'policy',
      targetName: policyTargetName(ref),
      summary: `${verbs[verb]} ${describeRef(ref)}`,
      details: {
        kind: ref.kind,
        namespace: ref.namespace ?? '',
        name: ref.name,
        resourceVersion: policy.metadata.resourceVersion,
        ...extra,
        ...(verb === 'delete' ? {} : { summary: toPolicyInfo(policy).summary }),
        ...auditedStates(change),
      },
    };
  }

  /** Every policy of a kind, in one paged LIST. */
  private async listFromKarmada(
    kind: PolicyKind,
  ): Promise<KarmadaPolicyObject[]> {
    const items = await this.karmada.listObjects<KarmadaPolicyObject>(
      policyKinds[kind].apiVersion,
      kind,
    );
    return items.map(item => ({ ...item, kind }));
  }
}
