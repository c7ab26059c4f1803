/*
 * The `ui:field` names of the H-MAS scaffolder fields: what templates write, and what each
 * field registers under.
 */

/** The `ui:field` name of the cluster picker. @public */
export const HMAS_CLUSTER_PICKER = 'HmasClusterPicker';

/** The `ui:field` name of the preset picker. @public */
export const HMAS_PRESET_PICKER = 'HmasPresetPicker';

/** The `ui:field` name of the zone picker. @public */
export const HMAS_ZONE_PICKER = 'HmasZonePicker';

/** The `ui:field` name of the env editor. @public */
export const HMAS_ENV_EDITOR = 'HmasEnvEditor';

/** The `ui:field` name of the runtime and model picker. @public */
export const HMAS_RUNTIME_MODEL_PICKER = 'HmasRuntimeModelPicker';

/** The `ui:field` name of the resources editor. @public */
export const HMAS_RESOURCES_EDITOR = 'HmasResourcesEditor';
