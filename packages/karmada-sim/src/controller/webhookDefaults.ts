import { CONTROL_PLANE } from '../types';
import type { ObjectStore } from '../store';
import { applyPolicyWebhookDefaults } from '../karmada/defaults';

/**
 * Registers karmada-webhook's PropagationPolicy / ClusterPropagationPolicy mutations
 * (`applyPolicyWebhookDefaults`) on the control plane: every create and update of the main
 * resource (not `/status`). Returns the function that unregisters the hook.
 * @public
 */
export function registerPolicyWebhookDefaults(store: ObjectStore): () => void {
  return store.registerAdmission(
    ({ cluster, resource }) =>
      cluster === CONTROL_PLANE &&
      resource.group === 'policy.karmada.io' &&
      (resource.kind === 'PropagationPolicy' ||
        resource.kind === 'ClusterPropagationPolicy'),
    ctx => {
      if (ctx.subresource) return;
      const mutated = applyPolicyWebhookDefaults(ctx.object, {
        operation: ctx.operation,
        namespace: ctx.object.metadata.namespace,
      });
      for (const key of Object.keys(ctx.object)) delete ctx.object[key];
      Object.assign(ctx.object, mutated);
    },
  );
}
