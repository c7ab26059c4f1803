import { z } from 'zod';
import { placeableZoneIds, placeableZoneSchema } from '../clusters/zones';
import {
  clusterNameSchema,
  dns1123LabelSchema,
  labelKeySchema,
  labelValueSchema,
} from '../kubernetes/names';
import { parseQuantity, positiveQuantitySchema } from '../quantity';
import { runtimeById } from '../deployments/runtimes';

/** Zones a preset may place into (never Unclassified). @public */
export const presetZones = placeableZoneIds;

/** Karmada's default `decisionConditions.tolerationSeconds`. @public */
export const DEFAULT_FAILOVER_TOLERATION_SECONDS = 300;

const staticWeightSchema = z
  .object({
    clusterNames: z
      .array(clusterNameSchema('Cluster name'))
      .min(1, { message: 'Name at least one cluster' })
      .optional(),
    labelSelector: z.record(labelKeySchema, labelValueSchema).optional(),
    weight: z.number().int().min(1, { message: 'Weights must be at least 1' }),
  })
  .strict()
  .refine(w => w.clusterNames || w.labelSelector, {
    message: 'A weight needs clusterNames or a labelSelector',
  });

const replicaSchedulingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Duplicated') }).strict(),
  z
    .object({
      type: z.literal('Divided'),
      weighting: z.discriminatedUnion('mode', [
        z.object({ mode: z.literal('dynamic') }).strict(),
        z
          .object({
            mode: z.literal('static'),
            weights: z.array(staticWeightSchema).min(1, {
              message: 'Static weighting needs at least one weight',
            }),
          })
          .strict(),
      ]),
    })
    .strict(),
]);

const spreadBySchema = z
  .object({
    field: z.enum(['cluster', 'region']),
    maxGroups: z.number().int().min(1).optional(),
    minGroups: z.number().int().min(1).optional(),
  })
  .strict()
  .refine(
    s =>
      s.maxGroups === undefined ||
      s.minGroups === undefined ||
      s.maxGroups >= s.minGroups,
    { message: 'maxGroups must not be below minGroups', path: ['maxGroups'] },
  );

/** A preset's resource profile for one runtime. @public */
export const resourceProfileSchema = z
  .object({
    cpu: positiveQuantitySchema.optional(),
    memory: positiveQuantitySchema.optional(),
    gpu: z.number().int().min(1).max(16).optional(),
  })
  .strict();

const failoverSchema = z
  .object({
    tolerationSeconds: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(DEFAULT_FAILOVER_TOLERATION_SECONDS),
    purgeMode: z.enum(['Directly', 'Gracefully', 'Never']).optional(),
    gracePeriodSeconds: z
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1)
      .optional(),
    /**
     * Cluster failover: how long replicas stay on a cluster Karmada has tainted not-ready or
     * unreachable before they are evicted and scheduled elsewhere (`clusterTolerations` with
     * `NoExecute`). Unset: Karmada's own behaviour (no toleration: evicted at once, where
     * cluster failover is enabled).
     */
    clusterTolerationSeconds: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    // Karmada's webhook rejects a grace period with any other purge mode; an explicit
    // mode keeps the policy readable without knowing Karmada's default.
    if (f.gracePeriodSeconds !== undefined && f.purgeMode !== 'Gracefully') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['gracePeriodSeconds'],
        message: 'gracePeriodSeconds requires purgeMode Gracefully',
      });
    }
  });

/**
 * A policy preset: a named placement strategy, resource profile and failover setting that
 * a deployment can pick at creation and that `planDeployment` builds into its objects.
 *
 * @public
 */
export const presetSpecSchema = z
  .object({
    name: dns1123LabelSchema('Name'),
    title: z.string().trim().min(1).max(100),
    description: z.string().max(1000).optional(),
    placement: z
      .object({
        zone: placeableZoneSchema.optional(),
        replicaScheduling: replicaSchedulingSchema,
        spreadBy: spreadBySchema.optional(),
      })
      .strict(),
    resources: z
      .record(dns1123LabelSchema('Runtime id'), resourceProfileSchema)
      .optional(),
    failover: failoverSchema.optional(),
    /**
     * The fewest replicas a deployment with this preset may have (an HA preset asks for 2,
     * so that one replica always serves while another fails over).
     */
    minReplicas: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .superRefine((preset, ctx) => {
    // Built-in runtimes have floors; a profile below one would be raised anyway, which
    // would make the preset say something the deployment does not do.
    for (const [runtimeId, profile] of Object.entries(preset.resources ?? {})) {
      const runtime = runtimeById(runtimeId);
      if (!runtime) continue;
      const floor = runtime.resourceFloor;
      const below = (key: 'cpu' | 'memory') =>
        profile[key] !== undefined &&
        (parseQuantity(profile[key]) ?? 0) < (parseQuantity(floor[key]) ?? 0);
      for (const key of ['cpu', 'memory'] as const) {
        if (below(key)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['resources', runtimeId, key],
            message: `${runtime.title} needs at least ${floor[key]}`,
          });
        }
      }
      if (runtime.gpuMode === 'none' && profile.gpu !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['resources', runtimeId, 'gpu'],
          message: `${runtime.title} has no GPU mode`,
        });
      }
    }
    if (preset.placement.zone === 'cpu-only') {
      for (const [runtimeId, profile] of Object.entries(
        preset.resources ?? {},
      )) {
        if (profile.gpu !== undefined) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['resources', runtimeId, 'gpu'],
            message: 'A CPU Only preset takes no GPUs',
          });
        }
      }
    }
  });

/** A preset as written by its author (defaults not yet applied). @public */
export type PresetSpecInput = z.input<typeof presetSpecSchema>;

/** A validated preset, defaults applied. @public */
export type PresetSpec = z.output<typeof presetSpecSchema>;

/** How a preset divides or duplicates replicas. @public */
export type PresetReplicaScheduling =
  PresetSpec['placement']['replicaScheduling'];

/** A per-runtime resource profile of a preset. @public */
export type PresetResourceProfile = z.output<typeof resourceProfileSchema>;

/**
 * A stored preset.
 *
 * @public
 */
export interface PolicyPreset extends PresetSpec {
  /** UUID. */
  id: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
  /** Entity ref of the creator. */
  createdBy: string;
}
