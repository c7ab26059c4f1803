import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  HMAS_RUNTIME_MODEL_PICKER,
  HmasRuntimeModelPicker,
  HmasRuntimeModelPickerFieldSchema,
  hmasRuntimeModelPickerValidation,
} from './HmasRuntimeModelPicker';

export {
  HMAS_RUNTIME_MODEL_PICKER,
  HmasRuntimeModelPicker,
  HmasRuntimeModelPickerFieldSchema,
  hmasRuntimeModelPickerValidation,
} from './HmasRuntimeModelPicker';
export type {
  HmasRuntimeModelPickerProps,
  HmasRuntimeModelValue,
} from './HmasRuntimeModelPicker';

/**
 * The `HmasRuntimeModelPicker` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasRuntimeModelPickerFormField = createFormField({
  name: HMAS_RUNTIME_MODEL_PICKER,
  component: HmasRuntimeModelPicker,
  validation: hmasRuntimeModelPickerValidation,
  schema: HmasRuntimeModelPickerFieldSchema,
});
