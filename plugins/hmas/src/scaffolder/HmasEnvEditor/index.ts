import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  HMAS_ENV_EDITOR,
  HmasEnvEditor,
  HmasEnvEditorFieldSchema,
  hmasEnvEditorValidation,
} from './HmasEnvEditor';

export {
  envNameError,
  HMAS_ENV_EDITOR,
  HmasEnvEditor,
  HmasEnvEditorFieldSchema,
  hmasEnvEditorValidation,
} from './HmasEnvEditor';
export type { HmasEnvEditorProps } from './HmasEnvEditor';

/**
 * The `HmasEnvEditor` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasEnvEditorFormField = createFormField({
  name: HMAS_ENV_EDITOR,
  component: HmasEnvEditor,
  validation: hmasEnvEditorValidation,
  schema: HmasEnvEditorFieldSchema,
});
