import type { Config } from '@backstage/config';
import {
  DeploymentSettings,
  deploymentSettingsSchema,
  formatZodError,
} from '@h-mas/plugin-hmas-common';

/**
 * `hmas.deployments` from app-config, validated at start-up: a typo in a zone, a storage
 * class or a mirror stops the backend with the field named, rather than surfacing as pods
 * that never start.
 */
export function readDeploymentSettings(config: Config): DeploymentSettings {
  const raw = config.getOptional('hmas.deployments') ?? {};
  const parsed = deploymentSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Invalid hmas.deployments: ${formatZodError(parsed.error)}`,
    );
  }
  return parsed.data;
}
