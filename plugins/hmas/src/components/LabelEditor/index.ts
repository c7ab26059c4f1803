export { LabelEditor } from './LabelEditor';
export type { LabelEditorProps } from './LabelEditor';
