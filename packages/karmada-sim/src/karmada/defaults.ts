/**
 * The defaults karmada-webhook's mutating webhooks set on PropagationPolicy and
 * ClusterPropagationPolicy (pkg/webhook/propagationpolicy/mutating.go,
 * pkg/webhook/clusterpropagationpolicy/mutating.go, helpers in pkg/util/helper/policy.go),
 * on top of the CRD schema defaults (`applyCrdDefaults`), which the API server applies first.
 */

import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../types';

/** The label karmada-webhook puts on a new PropagationPolicy (a UUID). @public */
export const PROPAGATION_POLICY_PERMANENT_ID_LABEL =
  'propagationpolicy.karmada.io/permanent-id';
/** The label karmada-webhook puts on a new ClusterPropagationPolicy (a UUID). @public */
export const CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL =
  'clusterpropagationpolicy.karmada.io/permanent-id';

/**
 * The finalizer karmada-webhook adds to a new PropagationPolicy
 * (`util.PropagationPolicyControllerFinalizer`, pkg/util/constants.go); Karmada's resource
 * detector removes it once the policy's resources are released. @public
 */
export const PROPAGATION_POLICY_FINALIZER =
  'karmada.io/propagation-policy-controller';
/** The same for a ClusterPropagationPolicy (`ClusterPropagationPolicyControllerFinalizer`). @public */
export const CLUSTER_PROPAGATION_POLICY_FINALIZER =
  'karmada.io/cluster-propagation-policy-controller';

/** Options of {@link applyPolicyWebhookDefaults}. @public */
export interface PolicyWebhookDefaultsOptions {
  /** The admission operation; the permanent id is only set on CREATE. */
  operation: 'CREATE' | 'UPDATE';
  /** The request's namespace (a PropagationPolicy's); default `metadata.namespace`. */
  namespace?: string;
  /** Source of the permanent id; default `crypto.randomUUID`. */
  newId?: () => string;
}

const MCS_GROUP_VERSION = 'multicluster.x-k8s.io/v1alpha1';

/**
 * Returns a copy of a PropagationPolicy or ClusterPropagationPolicy with karmada-webhook's
 * mutations (other kinds are returned unchanged):
 * - PropagationPolicy only: every `resourceSelectors[].namespace` left empty becomes the
 *   policy's namespace;
 * - `placement.spreadConstraints[]`: `spreadByField: cluster` when neither `spreadByField`
 *   nor `spreadByLabel` is set, and `minGroups: 1` when it is 0 or unset;
 * - `propagateDeps: true` when a selector names a `multicluster.x-k8s.io/v1alpha1`
 *   ServiceImport;
 * - `replicaScheduling.replicaDivisionPreference: Weighted` when the type is `Divided` and no
 *   preference is set (`replicaScheduling` absent means Duplicated: nothing is set);
 * - `failover.application.gracePeriodSeconds: 600` when `purgeMode` is `Gracefully` and it is
 *   unset;
 * - on CREATE: the label `propagationpolicy.karmada.io/permanent-id` (for a cluster policy
 *   `clusterpropagationpolicy.karmada.io/permanent-id`) set to a new UUID, replacing any
 *   value the client sent (`util.MergeLabel`), and the finalizer
 *   `karmada.io/propagation-policy-controller` (`karmada.io/cluster-propagation-policy-controller`)
 *   added (`controllerutil.AddFinalizer`: once); Karmada's detector removes it on deletion
 *   once the policy's resources are released (pkg/detector/detector.go,
 *   `ReconcilePropagationPolicy`).
 *
 * Karmada no longer sets
 * default `placement.clusterTolerations` (the old `SetDefaultClusterTolerations`, removed
 * upstream), so neither does this.
 * @public
 */
export function applyPolicyWebhookDefaults(
  obj: KubeObject,
  options: PolicyWebhookDefaultsOptions,
): KubeObject {
  const kind = obj.kind;
  if (kind !== 'PropagationPolicy' && kind !== 'ClusterPropagationPolicy') {
    return obj;
  }
  const out: KubeObject = structuredClone(obj);
  const spec: Record<string, any> = (out.spec ??= {});

  if (kind === 'PropagationPolicy') {
    const namespace = options.namespace ?? out.metadata?.namespace;
    for (const selector of spec.resourceSelectors ?? []) {
      if (selector && !selector.namespace && namespace) {
        selector.namespace = namespace;
      }
    }
  }

  for (const c of spec.placement?.spreadConstraints ?? []) {
    if (!c) continue;
    if (!c.spreadByLabel && !c.spreadByField) c.spreadByField = 'cluster';
    if (!c.minGroups) c.minGroups = 1;
  }

  if (
    (spec.resourceSelectors ?? []).some(
      (s: any) =>
        s?.kind === 'ServiceImport' && s?.apiVersion === MCS_GROUP_VERSION,
    )
  ) {
    spec.propagateDeps = true;
  }

  const rs = spec.placement?.replicaScheduling;
  if (
    rs &&
    rs.replicaSchedulingType === 'Divided' &&
    !rs.replicaDivisionPreference
  ) {
    rs.replicaDivisionPreference = 'Weighted';
  }

  const app = spec.failover?.application;
  if (
    app &&
    app.purgeMode === 'Gracefully' &&
    (app.gracePeriodSeconds === undefined || app.gracePeriodSeconds === null)
  ) {
    app.gracePeriodSeconds = 600;
  }

  if (options.operation === 'CREATE') {
    const label =
      kind === 'PropagationPolicy'
        ? PROPAGATION_POLICY_PERMANENT_ID_LABEL
        : CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL;
    const finalizer =
      kind === 'PropagationPolicy'
        ? PROPAGATION_POLICY_FINALIZER
        : CLUSTER_PROPAGATION_POLICY_FINALIZER;
    const finalizers: string[] = Array.isArray(out.metadata?.finalizers)
      ? out.metadata.finalizers
      : [];
    out.metadata = {
      ...out.metadata,
      labels: {
        ...(out.metadata?.labels ?? {}),
        [label]: (options.newId ?? randomUUID)(),
      },
      finalizers: finalizers.includes(finalizer)
        ? finalizers
        : [...finalizers, finalizer],
    };
  }
  return out;
}
