import { z } from 'zod';
import type {
  AuditEntry,
  AuditSource,
  AuditTargetKind,
  HealthResponse,
} from '../audit';
import type {
  ClusterInfo,
  clusterRegistrationSchema,
  ClusterLabelsPatch,
  GpuReadinessCheck,
  GpuReadinessReport,
  ZoneGroup,
  ZoneId,
} from '../clusters';
import type {
  DeploymentInfo,
  DeploymentUpdateRequest,
} from '../deploymentRequests';
import type { DeploymentSpec } from '../deployments';
import type { DeploymentPhase, DeploymentStatus } from '../deploymentStatus';
import type { KarmadaPolicyObject, PolicyInfo, PolicyKind } from '../policies';
import type { PolicyPreset, PresetSpecInput } from '../presets';
import type {
  ClusterQuotaUse,
  TeamNamespace,
  TeamNamespaceInput,
  TeamNamespaceUpdate,
} from '../namespaces';
import type {
  DeploymentUsage,
  InferenceCallerUsage,
  InferenceUsageTotals,
} from '../usage';
import type { HmasApiSchemas } from './types';

/** `true` when each of A and B is assignable to the other. */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * `true` when A and B accept the same values and name the same properties (mutual
 * assignability alone would not notice an optional property that one of them lacks).
 */
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
/** `true` when every A is a valid B. */
type Fits<A, B> = [A] extends [B] ? true : false;

// The OpenAPI description and the hand-written domain types must not drift apart: what the
// backend answers is typed twice (domain type for the services, schema for the wire), and
// tsc fails here when the two disagree.
const responses: Record<string, true> = {
  HealthResponse: true satisfies Same<
    HealthResponse,
    HmasApiSchemas['HealthResponse']
  >,
  AuditSource: true satisfies Same<AuditSource, HmasApiSchemas['AuditSource']>,
  AuditTargetKind: true satisfies Same<
    AuditTargetKind,
    HmasApiSchemas['AuditTargetKind']
  >,
  AuditEntry: true satisfies Same<AuditEntry, HmasApiSchemas['AuditEntry']>,
  ZoneId: true satisfies Same<ZoneId, HmasApiSchemas['ZoneId']>,
  ClusterInfo: true satisfies Same<ClusterInfo, HmasApiSchemas['ClusterInfo']>,
  ZoneGroup: true satisfies Same<ZoneGroup, HmasApiSchemas['ZoneGroup']>,
  GpuReadinessCheck: true satisfies Same<
    GpuReadinessCheck,
    HmasApiSchemas['GpuReadinessCheck']
  >,
  GpuReadinessReport: true satisfies Same<
    GpuReadinessReport,
    HmasApiSchemas['GpuReadinessReport']
  >,
  DeploymentInfo: true satisfies Same<
    DeploymentInfo,
    HmasApiSchemas['DeploymentInfo']
  >,
  DeploymentPhase: true satisfies Same<
    DeploymentPhase,
    HmasApiSchemas['DeploymentPhase']
  >,
  DeploymentStatus: true satisfies Same<
    DeploymentStatus,
    HmasApiSchemas['DeploymentStatus']
  >,
  PolicyKind: true satisfies Same<PolicyKind, HmasApiSchemas['PolicyKind']>,
  KarmadaPolicyObject: true satisfies Same<
    KarmadaPolicyObject,
    HmasApiSchemas['KarmadaPolicyObject']
  >,
  PolicyInfo: true satisfies Same<PolicyInfo, HmasApiSchemas['PolicyInfo']>,
  PolicyPreset: true satisfies Same<
    PolicyPreset,
    HmasApiSchemas['PolicyPreset']
  >,
  ClusterQuotaUse: true satisfies Same<
    ClusterQuotaUse,
    HmasApiSchemas['ClusterQuotaUse']
  >,
  TeamNamespace: true satisfies Same<
    TeamNamespace,
    HmasApiSchemas['TeamNamespace']
  >,
  InferenceUsageTotals: true satisfies Same<
    InferenceUsageTotals,
    HmasApiSchemas['InferenceUsageTotals']
  >,
  InferenceCallerUsage: true satisfies Same<
    InferenceCallerUsage,
    HmasApiSchemas['InferenceCallerUsage']
  >,
  DeploymentUsage: true satisfies Same<
    DeploymentUsage,
    HmasApiSchemas['DeploymentUsage']
  >,
};

// Request bodies are described by shape only (the zod schemas check the values), so every
// request the domain types allow must fit the wire type.
const requests: Record<string, true> = {
  ClusterRegistration: true satisfies Fits<
    z.input<typeof clusterRegistrationSchema>,
    HmasApiSchemas['ClusterRegistration']
  >,
  ClusterLabelsPatch: true satisfies Fits<
    Partial<ClusterLabelsPatch>,
    HmasApiSchemas['ClusterLabelsPatch']
  >,
  DeploymentSpec: true satisfies Fits<
    DeploymentSpec,
    HmasApiSchemas['DeploymentSpec']
  >,
  DeploymentUpdateRequest: true satisfies Fits<
    DeploymentUpdateRequest,
    HmasApiSchemas['DeploymentUpdateRequest']
  >,
  KarmadaPolicyObject: true satisfies Fits<
    KarmadaPolicyObject,
    HmasApiSchemas['KarmadaPolicyObjectInput']
  >,
  TeamNamespaceInput: true satisfies Fits<
    TeamNamespaceInput,
    HmasApiSchemas['TeamNamespaceInput']
  >,
  TeamNamespaceUpdate: true satisfies Fits<
    TeamNamespaceUpdate,
    HmasApiSchemas['TeamNamespaceUpdate']
  >,
  PresetSpecInput: true satisfies Fits<
    PresetSpecInput,
    HmasApiSchemas['PresetSpecInput']
  >,
};

describe('the schemas of the OpenAPI description', () => {
  it('type the domain types of this package (checked by tsc)', () => {
    expect(Object.values(responses).every(Boolean)).toBe(true);
    expect(Object.values(requests).every(Boolean)).toBe(true);
  });
});
