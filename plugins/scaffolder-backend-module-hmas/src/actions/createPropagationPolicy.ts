import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { HmasActionOptions } from '../hmasClient';
import { examples } from './createPropagationPolicy.examples';
import {
  createPolicyAction,
  HmasPolicyInput,
  HmasPolicyOutput,
} from './policyAction';

/**
 * `hmas:policy:propagation:create`: creates a Karmada PropagationPolicy through the H-MAS
 * backend, which runs Karmada's webhook rules first and answers 400 naming the field.
 *
 * @public
 */
export function createHmasPropagationPolicyAction(
  options: HmasActionOptions,
): TemplateAction<HmasPolicyInput, HmasPolicyOutput> {
  return createPolicyAction({
    hmas: options,
    id: 'hmas:policy:propagation:create',
    kind: 'PropagationPolicy',
    description:
      'Creates a Karmada PropagationPolicy (apiVersion and kind are filled in)',
    specDescription:
      'The PropagationPolicy spec (resourceSelectors, placement, failover, ...)',
    examples,
  });
}
