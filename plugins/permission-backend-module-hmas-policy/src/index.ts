/**
 * The permission policy of the H-MAS portal, as a permission backend module, and its
 * decisions as a pure function for adopters' own policies.
 *
 * @packageDocumentation
 */

export { permissionModuleHmasPolicy as default } from './module';
export {
  DEFAULT_HMAS_ADMIN_REFS,
  HmasPermissionPolicy,
  hmasPolicyDecision,
} from './HmasPermissionPolicy';
export type { HmasPermissionPolicyOptions } from './HmasPermissionPolicy';
