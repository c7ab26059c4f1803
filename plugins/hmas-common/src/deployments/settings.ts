import { z } from 'zod';
import { placeableZoneSchema } from '../clusters/zones';
import {
  clusterNameSchema,
  dns1123SubdomainSchema,
  nonEmptyLabelValueSchema,
} from '../kubernetes/names';

/**
 * Access modes a created model cache may ask for: `ReadWriteOnce` (one node at a time, every
 * block storage) or `ReadWriteMany` (NFS, CephFS and other shared file systems).
 *
 * @public
 */
export const modelCacheAccessModes = [
  'ReadWriteOnce',
  'ReadWriteMany',
] as const;

/** An access mode of a created model cache. @public */
export type ModelCacheAccessMode = (typeof modelCacheAccessModes)[number];

/** The KAI scheduler's name, whose pods must name a queue. @public */
export const KAI_SCHEDULER = 'kai-scheduler';

/** The pod label the KAI scheduler reads the queue from. @public */
export const KAI_QUEUE_LABEL = 'kai.scheduler/queue';

/**
 * The queue H-MAS puts KAI-scheduled pods in when `hmas.deployments.kaiQueue` names none:
 * the leaf queue of KAI's quick-start hierarchy. The queue must exist on the cluster, or KAI
 * never schedules the pod.
 *
 * @public
 */
export const DEFAULT_KAI_QUEUE = 'default-queue';

// host[:port][/path], as an image reference's registry part (no scheme, no tag).
const REGISTRY_RE =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

const storageSettingsShape = {
  storageClassName: dns1123SubdomainSchema('Storage class').optional(),
  accessMode: z.enum(modelCacheAccessModes).optional(),
};

/**
 * How the platform team's clusters take model deployments (`hmas.deployments` in
 * app-config): offline operation, the image registry mirror, the model cache's storage per
 * zone, a RuntimeClass per cluster and the KAI queue. Everything is optional; the defaults
 * suit a connected fleet with a default StorageClass.
 *
 * @public
 */
export const deploymentSettingsSchema = z
  .object({
    /** Every deployment is offline: no model downloads (see `offline` on a deployment). */
    offline: z.boolean().optional(),
    /**
     * Registry (host[:port][/path]) that mirrors the runtime images: it replaces each
     * image's registry, e.g. `vllm/vllm-openai:v0.11.0` becomes `<mirror>/vllm/vllm-openai:v0.11.0`.
     */
    imageRegistryMirror: z
      .string()
      .regex(REGISTRY_RE, {
        message:
          'The image registry mirror is host[:port][/path], without scheme or tag',
      })
      .optional(),
    ...storageSettingsShape,
    /** Per placeable zone: offline, and the model cache's StorageClass and access mode. */
    zones: z
      .record(
        placeableZoneSchema,
        z
          .object({ offline: z.boolean().optional(), ...storageSettingsShape })
          .strict(),
      )
      .optional(),
    /**
     * Per cluster: the RuntimeClass GPU pods run with there (e.g. `nvidia`, where the NVIDIA
     * container runtime is not the node's default).
     */
    clusters: z
      .record(
        clusterNameSchema('Cluster name'),
        z
          .object({
            runtimeClassName:
              dns1123SubdomainSchema('Runtime class').optional(),
          })
          .strict(),
      )
      .optional(),
    /** The KAI queue of KAI-scheduled pods; default {@link DEFAULT_KAI_QUEUE}. */
    kaiQueue: nonEmptyLabelValueSchema.optional(),
  })
  .strict();

/** `hmas.deployments` as validated by {@link deploymentSettingsSchema}. @public */
export type DeploymentSettings = z.infer<typeof deploymentSettingsSchema>;

/**
 * The settings that apply to one deployment: the zone's values over the fleet-wide ones.
 *
 * @public
 */
export interface EffectiveDeploymentSettings {
  offline: boolean;
  imageRegistryMirror?: string;
  storageClassName?: string;
  accessMode: ModelCacheAccessMode;
  /** RuntimeClass per cluster, for GPU pods. */
  runtimeClasses: Record<string, string>;
  kaiQueue: string;
}

/**
 * The settings for a deployment placed in `zone` (undefined for named clusters: only the
 * fleet-wide values apply).
 *
 * @public
 */
export function effectiveDeploymentSettings(
  settings: DeploymentSettings = {},
  zone?: string,
): EffectiveDeploymentSettings {
  const inZone = zone
    ? settings.zones?.[zone as keyof NonNullable<DeploymentSettings['zones']>]
    : undefined;
  const runtimeClasses: Record<string, string> = {};
  for (const [cluster, value] of Object.entries(settings.clusters ?? {})) {
    if (value.runtimeClassName)
      runtimeClasses[cluster] = value.runtimeClassName;
  }
  const storageClassName =
    inZone?.storageClassName ?? settings.storageClassName;
  return {
    offline: inZone?.offline ?? settings.offline ?? false,
    ...(settings.imageRegistryMirror
      ? { imageRegistryMirror: settings.imageRegistryMirror }
      : {}),
    ...(storageClassName ? { storageClassName } : {}),
    accessMode: inZone?.accessMode ?? settings.accessMode ?? 'ReadWriteOnce',
    runtimeClasses,
    kaiQueue: settings.kaiQueue ?? DEFAULT_KAI_QUEUE,
  };
}

/**
 * An image reference pulled through `mirror`: its registry (the first path segment when
 * it has a `.` or `:` or is `localhost`; Docker Hub otherwise) is replaced by the mirror,
 * and Docker Hub's official images keep their `library/` path.
 *
 * @public
 */
export function mirroredImage(image: string, mirror?: string): string {
  if (!mirror) return image;
  const slash = image.indexOf('/');
  const first = slash >= 0 ? image.slice(0, slash) : '';
  const hasRegistry =
    first !== '' &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  let path = hasRegistry ? image.slice(slash + 1) : image;
  if (!hasRegistry && !path.includes('/')) path = `library/${path}`;
  return `${mirror.replace(/\/+$/, '')}/${path}`;
}
