import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  HMAS_PRESET_PICKER,
  HmasPresetPicker,
  HmasPresetPickerFieldSchema,
} from './HmasPresetPicker';

export {
  HMAS_PRESET_PICKER,
  HmasPresetPicker,
  HmasPresetPickerFieldSchema,
} from './HmasPresetPicker';
export type { HmasPresetPickerProps } from './HmasPresetPicker';

/**
 * The `HmasPresetPicker` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasPresetPickerFormField = createFormField({
  name: HMAS_PRESET_PICKER,
  component: HmasPresetPicker,
  schema: HmasPresetPickerFieldSchema,
});
