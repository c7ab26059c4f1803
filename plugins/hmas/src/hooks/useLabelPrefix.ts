import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { coreLabelKeys } from '@h-mas/plugin-hmas-common';

/**
 * The prefix of the core cluster label keys (`hmas.labels.prefix`, visible to the frontend),
 * as the backend uses it: the label editor, the policy form and its preview must select
 * clusters by the same keys.
 *
 * @internal
 */
export function useLabelPrefix(): string {
  return useApi(configApiRef).getOptionalString('hmas.labels.prefix') ?? '';
}

/** The core label keys under the configured prefix. @internal */
export function useCoreLabelKeys() {
  return coreLabelKeys(useLabelPrefix());
}
