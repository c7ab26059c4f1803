import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  HMAS_CLUSTER_PICKER,
  HmasClusterPicker,
  HmasClusterPickerFieldSchema,
  hmasClusterPickerValidation,
} from './HmasClusterPicker';

export {
  HMAS_CLUSTER_PICKER,
  HmasClusterPicker,
  HmasClusterPickerFieldSchema,
  hmasClusterPickerValidation,
} from './HmasClusterPicker';
export type { HmasClusterPickerProps } from './HmasClusterPicker';

/**
 * The `HmasClusterPicker` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasClusterPickerFormField = createFormField({
  name: HMAS_CLUSTER_PICKER,
  component: HmasClusterPicker,
  validation: hmasClusterPickerValidation,
  schema: HmasClusterPickerFieldSchema,
});
