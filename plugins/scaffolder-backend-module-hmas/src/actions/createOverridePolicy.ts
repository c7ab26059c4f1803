import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { HmasActionOptions } from '../hmasClient';
import { examples } from './createOverridePolicy.examples';
import {
  createPolicyAction,
  HmasPolicyInput,
  HmasPolicyOutput,
} from './policyAction';

/**
 * `hmas:policy:override:create`: creates a Karmada OverridePolicy (per-cluster changes to the
 * member copies: image, command, args, labels, annotations, JSON patches) through the H-MAS
 * backend, which runs Karmada's webhook rules first and answers 400 naming the field.
 *
 * @public
 */
export function createHmasOverridePolicyAction(
  options: HmasActionOptions,
): TemplateAction<HmasPolicyInput, HmasPolicyOutput> {
  return createPolicyAction({
    hmas: options,
    id: 'hmas:policy:override:create',
    kind: 'OverridePolicy',
    description:
      'Creates a Karmada OverridePolicy (apiVersion and kind are filled in)',
    specDescription:
      'The OverridePolicy spec (resourceSelectors, overrideRules with targetCluster and overriders)',
    examples,
  });
}
