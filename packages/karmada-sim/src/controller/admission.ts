import { CONTROL_PLANE, type KubeObject } from '../types';
import type { ObjectStore } from '../store';
import { applyCrdDefaults } from '../karmada/crds';
import { validateKarmadaObject } from '../karmada/validation';

/** Kinds whose writes Karmada's API server defaults and its webhook validates. @public */
export const ADMITTED_KARMADA_KINDS: readonly string[] = [
  'PropagationPolicy',
  'ClusterPropagationPolicy',
  'OverridePolicy',
  'ClusterOverridePolicy',
  'ResourceBinding',
  'Work',
  'Cluster',
];

/** Replaces the content of `target` with `source`, keeping the object's identity. */
function replaceContent(target: KubeObject, source: KubeObject) {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, source);
}

/**
 * Registers Karmada's admission on the control plane of a store: every create and update
 * (including `/status`) of a PropagationPolicy, ClusterPropagationPolicy, OverridePolicy,
 * ClusterOverridePolicy, ResourceBinding, Work or Cluster gets the CRD's defaults, then is
 * rejected with 422 Invalid when `validateKarmadaObject` reports causes. Returns the
 * function that unregisters the hook.
 * @public
 */
export function registerKarmadaAdmission(store: ObjectStore): () => void {
  return store.registerAdmission(
    ({ cluster, resource }) =>
      cluster === CONTROL_PLANE &&
      resource.group.endsWith('karmada.io') &&
      ADMITTED_KARMADA_KINDS.includes(resource.kind),
    ctx => {
      replaceContent(ctx.object, applyCrdDefaults(ctx.object));
      const causes = validateKarmadaObject(ctx.object, ctx.oldObject);
      return causes.length > 0 ? causes : undefined;
    },
  );
}
