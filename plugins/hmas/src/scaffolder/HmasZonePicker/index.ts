import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  HMAS_ZONE_PICKER,
  HmasZonePicker,
  HmasZonePickerFieldSchema,
  hmasZonePickerValidation,
} from './HmasZonePicker';

export {
  HMAS_ZONE_PICKER,
  HmasZonePicker,
  HmasZonePickerFieldSchema,
  hmasZonePickerValidation,
} from './HmasZonePicker';
export type { HmasZonePickerProps } from './HmasZonePicker';

/**
 * The `HmasZonePicker` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasZonePickerFormField = createFormField({
  name: HMAS_ZONE_PICKER,
  component: HmasZonePicker,
  validation: hmasZonePickerValidation,
  schema: HmasZonePickerFieldSchema,
});
