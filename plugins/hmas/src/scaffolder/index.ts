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
 * plugin: `HmasZonePicker`, `HmasClusterPicker`, `HmasRuntimeModelPicker`, `HmasEnvEditor`, `HmasPresetPicker`.
 * They attach to the scaffolder's form-fields API.
 *
 * @alpha
 */
export const hmasFormFields = [
  hmasZonePickerFormField,
  hmasClusterPickerFormField,
  hmasRuntimeModelPickerFormField,
  hmasEnvEditorFormField,
  hmasPresetPickerFormField,
];

export type { HmasRuntimeModelValue } from './HmasRuntimeModelPicker';
