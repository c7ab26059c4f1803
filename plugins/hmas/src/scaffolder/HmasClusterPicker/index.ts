export { HmasClusterPickerFormField } from './HmasClusterPicker';
