import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * Zone picker (`ui:field: HmasZonePicker`): a zone id, each zone with its matching clusters.
 *
 * @alpha
 */
export const hmasZonePickerFormField = FormFieldBlueprint.make({
  name: 'zone-picker',
  params: {
    field: () =>
      import('./HmasZonePicker').then(m => m.HmasZonePickerFormField),
  },
});

/**
 * Cluster picker (`ui:field: HmasClusterPicker`): Karmada cluster names.
 *
 * @alpha
 */
export const hmasClusterPickerFormField = FormFieldBlueprint.make({
  name: 'cluster-picker',
  params: {
    field: () =>
      import('./HmasClusterPicker').then(m => m.HmasClusterPickerFormField),
  },
});

/**
 * Runtime and model picker (`ui:field: HmasRuntimeModelPicker`): `{ runtime, gpuMode, model }`.
 *
 * @alpha
 */
export const hmasRuntimeModelPickerFormField = FormFieldBlueprint.make({
  name: 'runtime-model-picker',
  params: {
    field: () =>
      import('./HmasRuntimeModelPicker').then(
        m => m.HmasRuntimeModelPickerFormField,
      ),
  },
});

/**
 * Resources editor (`ui:field: HmasResourcesEditor`): `{ cpu, memory, gpu, gpuType }` of a
 * replica, with the sizes H-MAS picks for what is left empty.
 *
 * @alpha
 */
export const hmasResourcesEditorFormField = FormFieldBlueprint.make({
  name: 'resources-editor',
  params: {
    field: () =>
      import('./HmasResourcesEditor').then(m => m.HmasResourcesEditorFormField),
  },
});

/**
 * Env editor (`ui:field: HmasEnvEditor`): env var name → value.
 *
 * @alpha
 */
export const hmasEnvEditorFormField = FormFieldBlueprint.make({
  name: 'env-editor',
  params: {
    field: () => import('./HmasEnvEditor').then(m => m.HmasEnvEditorFormField),
  },
});

/**
 * Policy preset picker (`ui:field: HmasPresetPicker`): the id of a policy preset.
 *
 * @alpha
 */
export const hmasPresetPickerFormField = FormFieldBlueprint.make({
  name: 'preset-picker',
  params: {
    field: () =>
      import('./HmasPresetPicker').then(m => m.HmasPresetPickerFormField),
  },
});

/**
 * The H-MAS scaffolder field extensions, for the `extensions` of the new-frontend-system
 * plugin: `HmasZonePicker`, `HmasClusterPicker`, `HmasRuntimeModelPicker`, `HmasResourcesEditor`, `HmasEnvEditor`,
 * `HmasPresetPicker`.
 * They attach to the scaffolder's form-fields API.
 *
 * @alpha
 */
export const hmasFormFields = [
  hmasZonePickerFormField,
  hmasClusterPickerFormField,
  hmasRuntimeModelPickerFormField,
  hmasResourcesEditorFormField,
  hmasEnvEditorFormField,
  hmasPresetPickerFormField,
];

export type { HmasRuntimeModelValue } from './HmasRuntimeModelPicker';
export type { HmasResourcesValue } from './HmasResourcesEditor';
