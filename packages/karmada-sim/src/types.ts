/**
 * Shapes shared by the simulator's wire layer (src/server, src/store) and its Karmada
 * behaviour (src/karmada). Objects are plain JSON, as they travel on the wire.
 */

/** @public */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  [key: string]: unknown;
}

/** Any Kubernetes object as JSON. @public */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/** A field error, as in a 422 `Invalid` Status's `details.causes`. @public */
export interface FieldCause {
  /** e.g. `FieldValueRequired`, `FieldValueInvalid`, `FieldValueForbidden`, `FieldValueNotSupported`. */
  reason: string;
  message: string;
  /** JSON path of the field, e.g. `spec.placement.clusterAffinities`. */
  field: string;
}

/** Name of the control plane in the simulator; every other cluster name is a member. @public */
export const CONTROL_PLANE = 'karmada';
