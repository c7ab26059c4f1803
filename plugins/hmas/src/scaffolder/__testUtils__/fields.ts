import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { TestApiRegistry } from '@backstage/test-utils';
import { summarizeZone, ZoneGroup, zones } from '@h-mas/plugin-hmas-common';
import { hmasApiRef } from '../../api';
import { fakeHmasApi, testCluster } from '../../testUtils/fakeApi';

/** The props RJSF hands a custom field, with what a test changes. */
export function fieldProps(overrides: Record<string, unknown> = {}): any {
  return {
    name: 'field',
    idSchema: { $id: 'root_field' },
    schema: {},
    uiSchema: {},
    formData: undefined,
    onChange: () => {},
    onBlur: () => {},
    onFocus: () => {},
    registry: {},
    rawErrors: [],
    required: false,
    disabled: false,
    ...overrides,
  };
}

/**
 * A fleet: two GPU High clusters (one not ready), one GPU General, none in CPU Only, one
 * Unclassified.
 */
export function fleet(): ZoneGroup[] {
  const byZone = {
    'gpu-high': [
      testCluster('hp-1', { zone: 'gpu-high', gpuTypes: ['h100'] }),
      testCluster('hp-2', { zone: 'gpu-high', ready: false }),
      testCluster('hp-3', { zone: 'gpu-high', gpuTypes: ['a100'] }),
    ],
    'gpu-general': [
      testCluster('gen-1', { zone: 'gpu-general', gpuTypes: ['l4'] }),
    ],
    'cpu-only': [],
    unclassified: [testCluster('joined')],
  } as const;
  return zones.map(z => ({
    zone: z.id,
    title: z.title,
    clusters: [...byZone[z.id]],
    summary: summarizeZone([...byZone[z.id]]),
  }));
}

/** Runs a field's validation function as the scaffolder does; returns its messages. */
export async function validate<T>(
  validation: (value: T, field: any, context: any) => void | Promise<void>,
  value: T,
  options: {
    uiOptions?: object;
    formData?: object;
    groups?: () => Promise<ZoneGroup[]>;
  } = {},
): Promise<string[]> {
  const field = createFieldValidation();
  await validation(value, field, {
    apiHolder: TestApiRegistry.from([
      hmasApiRef,
      fakeHmasApi({ listZoneGroups: options.groups ?? (async () => fleet()) }),
    ]),
    formData: options.formData ?? {},
    schema: {},
    uiSchema: { 'ui:options': options.uiOptions ?? {} },
  });
  return field.__errors ?? [];
}
