export { HmasRuntimeModelPickerFormField } from './HmasRuntimeModelPicker';
export type { HmasRuntimeModelValue } from './HmasRuntimeModelPicker';
