export { HmasPresetPickerFormField } from './HmasPresetPicker';
