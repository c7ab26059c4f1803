/**
 * Karmada's behaviour for the simulator, as pure functions over plain JSON objects:
 * validation (CRD schemas + webhook rules), policy matching, scheduling, overrides,
 * failover decisions and ResourceBinding status.
 */
export {
  KARMADA_CRD_FILES,
  VENDORED_CRD_DIR,
  loadKarmadaCrds,
  createCrdSchemaSet,
  vendoredCrdSchemas,
  applyCrdDefaults,
} from './crds';
export type { CrdVersion, KarmadaCrd, CrdSchemaSet } from './crds';
export {
  validateKarmadaObject,
  VALIDATED_KARMADA_KINDS,
  CLUSTER_NAME_MAX_LENGTH,
} from './validation';
export {
  matchLabelSelector,
  matchFieldSelector,
  matchClusterAffinity,
  toleratesTaint,
  findUntoleratedTaint,
} from './selectors';
export type {
  LabelSelector,
  FieldSelector,
  ClusterAffinity,
  Taint,
  Toleration,
} from './selectors';
export {
  SelectorMatch,
  resourceSelectorMatch,
  policySelectorMatch,
  matchPropagationPolicy,
  matchOverridePolicies,
} from './policyMatch';
export { scheduleBinding, availableReplicas } from './scheduler';
export type {
  ScheduleInput,
  ScheduleResult,
  TargetCluster,
  ClusterCapacity,
} from './scheduler';
export {
  parseQuantity,
  isQuantity,
  formatQuantity,
  sumResourceLists,
} from './quantity';
export { applyOverrides, overrideImage } from './overrides';
export type { OverrideResult } from './overrides';
export {
  TAINT_CLUSTER_NOT_READY,
  TAINT_CLUSTER_UNREACHABLE,
  DEFAULT_TOLERATION_SECONDS,
  DEFAULT_GRACE_PERIOD_SECONDS,
  clusterFailedSince,
  taintsForClusterReadiness,
  reconcileReadinessTaints,
  applicationFailoverSettings,
  evictionDecision,
  shouldEvict,
} from './failover';
export type { ApplicationFailoverSettings, EvictionDecision } from './failover';
export {
  SCHEDULED_SUCCESS_MESSAGE,
  toKubeTime,
  scheduledCondition,
  fullyAppliedCondition,
  setCondition,
  aggregatedStatusItem,
  workloadHealth,
} from './status';
export type { Condition, WorkloadHealth, AggregatedStatusItem } from './status';
