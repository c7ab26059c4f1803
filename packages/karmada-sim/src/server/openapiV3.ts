/**
 * OpenAPI v3 schemas for `/openapi/v3/{api/v1 | apis/g/v}`: the vendored CRD schemas for
 * the Karmada kinds, a hand-written one for the aggregated `Cluster`, and minimal schemas for
 * a few core kinds, each tagged with `x-kubernetes-group-version-kind` so that
 * `kubectl explain` finds them. Pure functions (the CRDs are read once).
 */

import { loadKarmadaCrds, type KarmadaCrd } from '../karmada/crds';
import { resourcesFor, type ResourceDef } from '../resources';
import { openApiV3Doc } from './discovery';

const OBJECT_META_REF = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

type Schema = Record<string, any>;

const str = (description: string): Schema => ({ type: 'string', description });

const TYPE_META: Record<string, Schema> = {
  apiVersion: str(
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  ),
  kind: str(
    'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  ),
};

const METADATA: Schema = {
  allOf: [{ $ref: `#/components/schemas/${OBJECT_META_REF}` }],
  default: {},
  description:
    "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
};

/** A minimal `ObjectMeta`, the target of every `metadata` `$ref`. */
const OBJECT_META: Schema = {
  type: 'object',
  description:
    'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  properties: {
    name: str('Name must be unique within a namespace.'),
    namespace: str(
      'Namespace defines the space within which each name must be unique.',
    ),
    generateName: str(
      'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.',
    ),
    labels: {
      type: 'object',
      additionalProperties: { type: 'string', default: '' },
      description:
        'Map of string keys and values that can be used to organize and categorize (scope and select) objects.',
    },
    annotations: {
      type: 'object',
      additionalProperties: { type: 'string', default: '' },
      description:
        'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.',
    },
    uid: str('UID is the unique in time and space value for this object.'),
    resourceVersion: str(
      'An opaque value that represents the internal version of this object.',
    ),
    generation: {
      type: 'integer',
      format: 'int64',
      description:
        'A sequence number representing a specific generation of the desired state.',
    },
    creationTimestamp: {
      type: 'string',
      format: 'date-time',
      description:
        'CreationTimestamp is a timestamp representing the server time when this object was created.',
    },
    deletionTimestamp: {
      type: 'string',
      format: 'date-time',
      description:
        'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.',
    },
    finalizers: {
      type: 'array',
      items: { type: 'string', default: '' },
      description:
        'Must be empty before the object is deleted from the registry.',
    },
    ownerReferences: {
      type: 'array',
      items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      description: 'List of objects depended by this object.',
    },
  },
};

function kindSchema(
  r: Pick<ResourceDef, 'group' | 'version' | 'kind'>,
  description: string,
  properties: Record<string, Schema>,
): Schema {
  return {
    type: 'object',
    description,
    properties: { ...TYPE_META, metadata: METADATA, ...properties },
    'x-kubernetes-group-version-kind': [
      { group: r.group, version: r.version, kind: r.kind },
    ],
  };
}

const opaque = (description: string): Schema => ({
  type: 'object',
  description,
  'x-kubernetes-preserve-unknown-fields': true,
});

const conditions: Schema = {
  type: 'array',
  description: 'Conditions is an array of current observed conditions.',
  items: {
    type: 'object',
    required: ['type', 'status'],
    properties: {
      type: str('Type of condition in CamelCase.'),
      status: str('Status of the condition, one of True, False, Unknown.'),
      reason: str("The reason for the condition's last transition."),
      message: str('A human readable message indicating details.'),
      lastTransitionTime: {
        type: 'string',
        format: 'date-time',
        description: 'The last time the condition transitioned.',
      },
    },
  },
};

/**
 * Karmada's `Cluster` is served by karmada-aggregated-apiserver, not a CRD: a hand-written
 * schema of the fields the simulator uses.
 */
function clusterSchema(r: ResourceDef): Schema {
  return kindSchema(
    r,
    'Cluster represents the desired state and status of a member cluster.',
    {
      spec: {
        type: 'object',
        description:
          'Spec represents the specification of the desired behavior of member cluster.',
        required: ['syncMode'],
        properties: {
          id: str('ID is the unique identifier for the cluster.'),
          syncMode: {
            type: 'string',
            enum: ['Push', 'Pull'],
            description:
              'SyncMode describes how a cluster syncs resources from karmada control plane.',
          },
          apiEndpoint: str('The API endpoint of the member cluster.'),
          provider: str(
            'Provider represents the cloud provider name of the member cluster.',
          ),
          region: str(
            'Region represents the region in which the member cluster is located.',
          ),
          zones: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Zones represents the failure zones of the member cluster.',
          },
          taints: {
            type: 'array',
            description: 'Taints attached to the member cluster.',
            items: {
              type: 'object',
              required: ['key', 'effect'],
              properties: {
                key: str('Required. The taint key to be applied to a cluster.'),
                value: str('The taint value corresponding to the taint key.'),
                effect: str('Required. The effect of the taint on resources.'),
                timeAdded: { type: 'string', format: 'date-time' },
              },
            },
          },
          resourceModels: opaque(
            'ResourceModels is the list of resource modeling in this cluster.',
          ),
        },
      },
      status: {
        type: 'object',
        description: 'Status represents the status of member cluster.',
        properties: {
          kubernetesVersion: str(
            'KubernetesVersion represents version of the member cluster.',
          ),
          apiEnablements: opaque(
            'APIEnablements represents the list of APIs installed in the member cluster.',
          ),
          conditions,
          nodeSummary: opaque(
            'NodeSummary represents the summary of nodes status in the member cluster.',
          ),
          resourceSummary: opaque(
            'ResourceSummary represents the summary of resources in the member cluster.',
          ),
        },
      },
    },
  );
}

/** Minimal schemas of a few core kinds: their top-level fields, contents left open. */
const CORE_SCHEMAS: Record<
  string,
  { description: string; fields: Record<string, Schema> }
> = {
  '/v1/Namespace': {
    description:
      'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
    fields: {
      spec: opaque('Spec defines the behavior of the Namespace.'),
      status: opaque('Status describes the current status of a Namespace.'),
    },
  },
  '/v1/ConfigMap': {
    description: 'ConfigMap holds configuration data for pods to consume.',
    fields: {
      data: {
        type: 'object',
        additionalProperties: { type: 'string', default: '' },
        description: 'Data contains the configuration data.',
      },
      binaryData: {
        type: 'object',
        additionalProperties: { type: 'string', format: 'byte' },
        description: 'BinaryData contains the binary data.',
      },
      immutable: {
        type: 'boolean',
        description:
          'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.',
      },
    },
  },
  '/v1/Secret': {
    description: 'Secret holds secret data of a certain type.',
    fields: {
      data: {
        type: 'object',
        additionalProperties: { type: 'string', format: 'byte' },
        description: 'Data contains the secret data, base64 encoded.',
      },
      stringData: {
        type: 'object',
        additionalProperties: { type: 'string', default: '' },
        description:
          'stringData allows specifying non-binary secret data in string form.',
      },
      type: str('Used to facilitate programmatic handling of secret data.'),
    },
  },
  '/v1/Pod': {
    description: 'Pod is a collection of containers that can run on a host.',
    fields: {
      spec: opaque('Specification of the desired behavior of the pod.'),
      status: opaque('Most recently observed status of the pod.'),
    },
  },
  '/v1/Service': {
    description: 'Service is a named abstraction of software service.',
    fields: {
      spec: opaque('Spec defines the behavior of a service.'),
      status: opaque('Most recently observed status of the service.'),
    },
  },
  'apps/v1/Deployment': {
    description:
      'Deployment enables declarative updates for Pods and ReplicaSets.',
    fields: {
      spec: {
        type: 'object',
        description: 'Specification of the desired behavior of the Deployment.',
        required: ['selector', 'template'],
        properties: {
          replicas: {
            type: 'integer',
            format: 'int32',
            description: 'Number of desired pods. Defaults to 1.',
          },
          selector: opaque('Label selector for pods.'),
          template: opaque('Template describes the pods that will be created.'),
          strategy: opaque('The deployment strategy to use.'),
        },
      },
      status: opaque('Most recently observed status of the Deployment.'),
    },
  },
};

/** `io.karmada.policy.v1alpha1.PropagationPolicy`, `io.k8s.api.core.v1.Pod`: the schema's name. @internal */
export function schemaName(
  r: Pick<ResourceDef, 'group' | 'version' | 'kind'>,
): string {
  if (r.group.endsWith('karmada.io')) {
    const parts = r.group.split('.').reverse().join('.');
    return `${parts}.${r.version}.${r.kind}`;
  }
  const group = r.group ? r.group.split('.')[0] : 'core';
  return `io.k8s.api.${group}.${r.version}.${r.kind}`;
}

let crds: KarmadaCrd[] | undefined;

/** The schema of one resource, or undefined when the simulator has none. @internal */
export function resourceSchema(r: ResourceDef): Schema | undefined {
  if (r.group === 'cluster.karmada.io' && r.kind === 'Cluster') {
    return clusterSchema(r);
  }
  if (r.group.endsWith('karmada.io')) {
    crds ??= loadKarmadaCrds();
    const crd = crds.find(c => c.group === r.group && c.kind === r.kind);
    const v = crd?.versions.find(x => x.name === r.version);
    if (!v) return undefined;
    const schema = structuredClone(v.schema);
    schema.properties = { ...schema.properties, metadata: METADATA };
    return {
      ...schema,
      'x-kubernetes-group-version-kind': [
        { group: r.group, version: r.version, kind: r.kind },
      ],
    };
  }
  const core = CORE_SCHEMAS[`${r.group}/${r.version}/${r.kind}`];
  return core ? kindSchema(r, core.description, core.fields) : undefined;
}

/**
 * `GET /openapi/v3/{api/v1 | apis/g/v}`: the discovery skeleton (paths with their
 * `fieldValidation` parameter) with the schemas of the served kinds.
 * @internal
 */
export function openApiV3Document(
  cluster: string,
  group: string,
  version: string,
): Record<string, any> | undefined {
  const doc = openApiV3Doc(cluster, group, version);
  if (!doc) return undefined;
  const schemas: Record<string, Schema> = {};
  for (const r of resourcesFor(cluster)) {
    if (r.group !== group || r.version !== version) continue;
    const schema = resourceSchema(r);
    if (schema) schemas[schemaName(r)] = schema;
  }
  if (Object.keys(schemas).length) schemas[OBJECT_META_REF] = OBJECT_META;
  return { ...doc, components: { schemas } };
}
