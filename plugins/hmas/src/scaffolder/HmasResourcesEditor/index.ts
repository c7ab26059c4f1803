export { HmasResourcesEditorFormField } from './HmasResourcesEditor';
export type { HmasResourcesValue } from './HmasResourcesEditor';
