export { HmasEnvEditorFormField } from './HmasEnvEditor';
