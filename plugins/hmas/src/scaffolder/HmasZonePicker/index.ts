export { HmasZonePickerFormField } from './HmasZonePicker';
