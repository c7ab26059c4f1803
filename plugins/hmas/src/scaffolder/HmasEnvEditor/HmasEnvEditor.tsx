import {
  CustomFieldValidator,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import IconButton from '@material-ui/core/IconButton';
import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  deploymentEnvSchema,
  MAX_DEPLOYMENT_ENV,
  plainSecretEnvError,
} from '@h-mas/plugin-hmas-common';
import { KeyboardEvent, useEffect, useRef, useState } from 'react';
import { FieldSet } from '../FieldSet';
import { fieldBasics } from '../fieldBasics';
import { HMAS_ENV_EDITOR } from '../fieldNames';

/**
 * Value of the env editor: env var name → value. It has no `ui:options`.
 *
 * @public
 */
export const HmasEnvEditorFieldSchema = makeFieldSchema({
  output: z => z.record(z.string()),
});

/** @public */
export type HmasEnvEditorProps = typeof HmasEnvEditorFieldSchema.TProps;

interface Row {
  id: number;
  key: string;
  value: string;
}

/** The element id, title and description the env editor has when the template gives none. */
const defaults = {
  id: 'hmas-env',
  title: 'Environment variables',
  description:
    'Env vars of the model server; they override the runtime’s defaults',
};

/**
 * Why an env var name is not valid, or `undefined`: the rule of hmas-common's
 * `deploymentEnvSchema` (a letter or _ first, then letters, digits and _).
 *
 * @public
 */
export function envNameError(name: string): string | undefined {
  if (name === '') return 'Give the variable a name';
  // A secret value, so only the name rule applies (plain values are `plainSecretEnvError`'s).
  const parsed = deploymentEnvSchema.safeParse({ [name]: { secret: 'x' } });
  return parsed.success ? undefined : parsed.error.issues[0].message;
}

/** Inline messages per row: empty, invalid or repeated names. */
function rowErrors(rows: Row[]): Map<number, string> {
  const errors = new Map<number, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '' && row.value === '') continue;
    const error = envNameError(key) ?? plainSecretEnvError(key, row.value);
    if (error) errors.set(row.id, error);
    else if (seen.has(key)) {
      errors.set(row.id, `${key} is already set above; this row is ignored`);
    }
    seen.add(key);
  }
  return errors;
}

/**
 * The env the rows stand for: blank rows dropped, names trimmed, the first of repeated names
 * kept. A value without a name stays under the empty name, so validation stops the form.
 */
function envOf(rows: Row[]): Record<string, string> | undefined {
  const env: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '' && row.value === '') continue;
    if (!(key in env)) env[key] = row.value;
  }
  return Object.keys(env).length > 0 ? env : undefined;
}

/**
 * Key/value editor of a deployment's env vars: add and remove rows, Enter adds a row, names
 * checked as they are typed. The values are merged over the runtime's env preset (user values
 * win).
 *
 * @public
 */
export function HmasEnvEditor(props: HmasEnvEditorProps) {
  const { formData, onChange, required, disabled } = props;
  const { id, title, description, hasErrors } = fieldBasics(props, defaults);
  const nextId = useRef(0);
  const [rows, setRows] = useState<Row[]>(() =>
    Object.entries(formData ?? {}).map(([key, value]) => ({
      id: nextId.current++,
      key,
      value: String(value),
    })),
  );
  const [focusRow, setFocusRow] = useState<number | undefined>();
  const keyInputs = useRef(new Map<number, HTMLInputElement>());

  useEffect(() => {
    if (focusRow === undefined) return;
    keyInputs.current.get(focusRow)?.focus();
    setFocusRow(undefined);
  }, [focusRow]);

  const update = (next: Row[]) => {
    setRows(next);
    onChange(envOf(next));
  };

  const addRow = (after?: number) => {
    const row = { id: nextId.current++, key: '', value: '' };
    const index = after === undefined ? rows.length : after + 1;
    update([...rows.slice(0, index), row, ...rows.slice(index)]);
    setFocusRow(row.id);
  };

  const onKey = (index: number) => (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      // Enter would submit the scaffolder step; here it starts the next variable.
      e.preventDefault();
      addRow(index);
    }
  };

  const setRow = (
    rowId: number,
    patch: Pick<Row, 'key'> | Pick<Row, 'value'>,
  ) => update(rows.map(r => (r.id === rowId ? { ...r, ...patch } : r)));

  /** The name or the value input of a row; Enter in either adds the next row. */
  const input = (
    row: Row,
    index: number,
    part: 'key' | 'value',
    look: Pick<TextFieldProps, 'inputRef' | 'error' | 'helperText' | 'style'>,
  ) => {
    const label = part === 'key' ? 'Name' : 'Value';
    return (
      <TextField
        id={`${id}-${part}-${row.id}`}
        label={label}
        size="small"
        variant="outlined"
        margin="dense"
        disabled={disabled}
        value={row[part]}
        inputProps={{ 'aria-label': `${label} ${index + 1}` }}
        onChange={e =>
          setRow(
            row.id,
            part === 'key'
              ? { key: e.target.value }
              : { value: e.target.value },
          )
        }
        onKeyDown={onKey(index)}
        {...look}
      />
    );
  };

  const errors = rowErrors(rows);
  const overLimit = Object.keys(envOf(rows) ?? {}).length > MAX_DEPLOYMENT_ENV;

  return (
    <FieldSet
      required={required}
      disabled={disabled}
      error={hasErrors || errors.size > 0 || overLimit}
    >
      <FormLabel component="legend">{title}</FormLabel>
      <FormHelperText style={{ marginTop: 0 }}>{description}</FormHelperText>
      {rows.map((row, index) => {
        const error = errors.get(row.id);
        return (
          <Box
            key={row.id}
            display="flex"
            alignItems="flex-start"
            data-testid={`${id}-row-${index}`}
          >
            {input(row, index, 'key', {
              inputRef: (el: HTMLInputElement | null) => {
                if (el) keyInputs.current.set(row.id, el);
                else keyInputs.current.delete(row.id);
              },
              error: !!error,
              helperText: error ?? ' ',
              style: { flex: 2, marginRight: 8 },
            })}
            {input(row, index, 'value', {
              helperText: ' ',
              style: { flex: 3 },
            })}
            <IconButton
              aria-label={`Remove ${row.key.trim() || `row ${index + 1}`}`}
              disabled={disabled}
              onClick={() => update(rows.filter(r => r.id !== row.id))}
              style={{ marginTop: 4 }}
            >
              <DeleteIcon />
            </IconButton>
          </Box>
        );
      })}
      {overLimit && (
        <FormHelperText>
          At most {MAX_DEPLOYMENT_ENV} env vars per deployment
        </FormHelperText>
      )}
      <Box display="flex" alignItems="center">
        <Button
          size="small"
          startIcon={<AddIcon />}
          disabled={disabled}
          onClick={() => addRow()}
        >
          Add variable
        </Button>
        {rows.length > 0 && (
          <FormHelperText style={{ marginLeft: 8 }}>
            Enter in a row adds the next one
          </FormHelperText>
        )}
      </Box>
    </FieldSet>
  );
}

/**
 * Env names valid by hmas-common's rule, none empty, string values, at most
 * `MAX_DEPLOYMENT_ENV` of them.
 *
 * @public
 */
export const hmasEnvEditorValidation: CustomFieldValidator<
  Record<string, string>
> = (value, validation) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    validation.addError('Env vars must be name/value pairs');
    return;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_DEPLOYMENT_ENV) {
    validation.addError(`At most ${MAX_DEPLOYMENT_ENV} env vars`);
  }
  for (const [key, v] of entries) {
    if (key === '') {
      validation.addError('An env var has a value but no name');
      continue;
    }
    const error = envNameError(key) ?? plainSecretEnvError(key, v);
    if (error) validation.addError(`${key}: ${error}`);
    if (typeof v !== 'string') {
      validation.addError(`${key}: the value must be text`);
    }
  }
};

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
