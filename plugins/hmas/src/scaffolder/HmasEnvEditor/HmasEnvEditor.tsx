import {
  CustomFieldValidator,
  makeFieldSchema,
  useTemplateSecrets,
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
  deploymentEnvValueSchema,
  isSecretLikeEnvName,
  MAX_DEPLOYMENT_ENV,
} from '@h-mas/plugin-hmas-common';
import { KeyboardEvent, useEffect, useRef, useState } from 'react';
import { FieldSet } from '../FieldSet';
import { fieldBasics } from '../fieldBasics';
import { HMAS_ENV_EDITOR } from '../fieldNames';

/**
 * Value of the env editor: env var name → a plain value; `{ templateSecret: <key> }`, a value
 * entered as a secret, held in the scaffolder's template secrets under `<key>` (never in the
 * form data, so never in the task's stored parameters; `''` while no value is entered); or
 * `{ secretKeyRef: { name, key } }`, a key of an existing Secret. It has no `ui:options`.
 *
 * @public
 */
export const HmasEnvEditorFieldSchema = makeFieldSchema({
  output: z =>
    z.record(
      z.union([
        z.string(),
        z.object({ templateSecret: z.string() }),
        z.object({
          secretKeyRef: z.object({ name: z.string(), key: z.string() }),
        }),
      ]),
    ),
});

/** @public */
export type HmasEnvEditorProps = typeof HmasEnvEditorFieldSchema.TProps;

type EnvValue = NonNullable<HmasEnvEditorProps['formData']>[string];

/** What a row's value is: typed in plain, entered once as a secret, or read from a Secret. */
type EnvKind = 'value' | 'secret' | 'secretRef';

const kinds: { kind: EnvKind; label: string }[] = [
  { kind: 'value', label: 'Value' },
  { kind: 'secret', label: 'Secret (entered once)' },
  { kind: 'secretRef', label: 'From existing Secret' },
];

interface Row {
  id: number;
  key: string;
  kind: EnvKind;
  /** The user picked the kind; until then it follows the name while the row is empty. */
  kindChosen: boolean;
  value: string;
  /** The secret of a Secret row: in memory only, given to the scaffolder's secrets. */
  secret: string;
  /** The secret was typed here (else it is held from before and not shown). */
  secretTyped: boolean;
  refName: string;
  refKey: string;
}

/**
 * The template secret a Secret row's value travels in: `hmas-env-<NAME>`.
 *
 * @public
 */
export function envSecretKey(name: string): string {
  return `hmas-env-${name}`;
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
  // A secret value, so only the name rule applies (plain values are checked below).
  const parsed = deploymentEnvSchema.safeParse({ [name]: { secret: 'x' } });
  return parsed.success ? undefined : parsed.error.issues[0].message;
}

/** Why a plain value is refused under a name that looks like a secret, or `undefined`. */
function plainSecretError(name: string): string | undefined {
  return isSecretLikeEnvName(name)
    ? `${name} looks like a secret: set its kind to “Secret (entered once)” or “From existing Secret” instead of a plain value`
    : undefined;
}

const ENTER_SECRET = 'Enter the secret value';

/**
 * Why a reference to an existing Secret is not valid, per part, by hmas-common's rule: a
 * DNS-1123 subdomain name, a key of letters, digits, `-`, `_` and `.`.
 *
 * @public
 */
export function secretKeyRefErrors(
  name: string,
  key: string,
): { name?: string; key?: string } {
  const parsed = deploymentEnvValueSchema.safeParse({
    secretKeyRef: { name, key },
  });
  const errors: { name?: string; key?: string } = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const part = issue.path[issue.path.length - 1];
    if (part === 'name' || part === 'key') errors[part] ??= issue.message;
  }
  if (name === '') errors.name = 'Give the Secret’s name';
  if (key === '') errors.key = 'Give the key in the Secret';
  return errors;
}

/** Whether a row holds nothing for its kind (blank rows are ignored). */
function isEmpty(row: Row): boolean {
  if (row.kind === 'secret') return row.secret === '';
  if (row.kind === 'secretRef') return row.refName === '' && row.refKey === '';
  return row.value === '';
}

/** Inline messages of a row, per input. */
interface RowErrors {
  key?: string;
  value?: string;
  refName?: string;
  refKey?: string;
}

/**
 * Inline messages per row: empty, invalid or repeated names, plain values of secret-like
 * names, invalid references. Missing secrets and reference parts are only named once the form
 * reported errors (`required`), not as soon as the row is added.
 */
function rowErrors(rows: Row[], required: boolean): Map<number, RowErrors> {
  const errors = new Map<number, RowErrors>();
  const seen = new Set<string>();
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '' && isEmpty(row)) continue;
    const e: RowErrors = {};
    e.key = envNameError(key);
    if (!e.key && row.kind === 'value') e.key = plainSecretError(key);
    if (!e.key && seen.has(key)) {
      e.key = `${key} is already set above; this row is ignored`;
    }
    if (row.kind === 'secret' && row.secret === '' && required) {
      e.value = ENTER_SECRET;
    }
    if (row.kind === 'secretRef') {
      const ref = secretKeyRefErrors(row.refName.trim(), row.refKey.trim());
      if (row.refName.trim() !== '' || required) e.refName = ref.name;
      if (row.refKey.trim() !== '' || required) e.refKey = ref.key;
    }
    if (e.key || e.value || e.refName || e.refKey) errors.set(row.id, e);
    seen.add(key);
  }
  return errors;
}

/** The form data of one row: never a secret itself, only the template secret's key. */
function valueOf(row: Row, key: string): EnvValue {
  if (row.kind === 'secret') {
    return { templateSecret: row.secret === '' ? '' : envSecretKey(key) };
  }
  if (row.kind === 'secretRef') {
    return {
      secretKeyRef: { name: row.refName.trim(), key: row.refKey.trim() },
    };
  }
  return row.value;
}

/** The rows that count: blank rows dropped, names trimmed, the first of repeated names kept. */
function effectiveRows(rows: Row[]): Map<string, Row> {
  const byName = new Map<string, Row>();
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '' && isEmpty(row)) continue;
    if (!byName.has(key)) byName.set(key, row);
  }
  return byName;
}

/**
 * The env the rows stand for. A value without a name stays under the empty name, so
 * validation stops the form.
 */
function envOf(rows: Row[]): Record<string, EnvValue> | undefined {
  const env: Record<string, EnvValue> = {};
  for (const [key, row] of effectiveRows(rows)) env[key] = valueOf(row, key);
  return Object.keys(env).length > 0 ? env : undefined;
}

/** The template secrets the rows hold: template secret key → value. */
function secretsOf(rows: Row[]): Record<string, string> {
  const held: Record<string, string> = {};
  for (const [key, row] of effectiveRows(rows)) {
    if (key !== '' && row.kind === 'secret' && row.secret !== '') {
      held[envSecretKey(key)] = row.secret;
    }
  }
  return held;
}

/** A row for an entry of the form data; a Secret row takes its value from the secrets. */
function rowOf(
  id: number,
  key: string,
  value: unknown,
  secrets: Record<string, string>,
): Row {
  const row: Row = {
    id,
    key,
    kind: 'value',
    kindChosen: true,
    value: '',
    secret: '',
    secretTyped: false,
    refName: '',
    refKey: '',
  };
  if (typeof value === 'object' && value !== null) {
    const v = value as {
      templateSecret?: unknown;
      secret?: unknown;
      secretKeyRef?: { name?: unknown; key?: unknown };
    };
    if ('templateSecret' in v) {
      const held =
        typeof v.templateSecret === 'string' && v.templateSecret !== ''
          ? secrets[v.templateSecret]
          : undefined;
      return { ...row, kind: 'secret', secret: held ?? '' };
    }
    if ('secret' in v) {
      return { ...row, kind: 'secret', secret: String(v.secret ?? '') };
    }
    if ('secretKeyRef' in v) {
      return {
        ...row,
        kind: 'secretRef',
        refName: String(v.secretKeyRef?.name ?? ''),
        refKey: String(v.secretKeyRef?.key ?? ''),
      };
    }
  }
  return { ...row, value: String(value ?? '') };
}

/** The template secret keys the form data refers to. */
function templateSecretKeys(formData: unknown): string[] {
  if (typeof formData !== 'object' || formData === null) return [];
  return Object.values(formData).flatMap(v =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { templateSecret?: unknown }).templateSecret === 'string' &&
    (v as { templateSecret: string }).templateSecret !== ''
      ? [(v as { templateSecret: string }).templateSecret]
      : [],
  );
}

/**
 * Key/value editor of a deployment's env vars: add and remove rows, Enter adds a row, names
 * checked as they are typed. Each row is a plain value, a secret entered once (handed to the
 * scaffolder's template secrets, never put in the form data) or a key of an existing Secret.
 * The values are merged over the runtime's env preset (user values win).
 *
 * @public
 */
export function HmasEnvEditor(props: HmasEnvEditorProps) {
  const { formData, onChange, required, disabled } = props;
  const { id, title, description, hasErrors } = fieldBasics(props, defaults);
  const { secrets, setSecrets } = useTemplateSecrets();
  const nextId = useRef(0);
  const [rows, setRows] = useState<Row[]>(() =>
    Object.entries(formData ?? {}).map(([key, value]) =>
      rowOf(nextId.current++, key, value, secrets),
    ),
  );
  /** The template secrets this editor set or was given: it clears them when unused. */
  const owned = useRef(new Set(templateSecretKeys(formData)));
  const [focusRow, setFocusRow] = useState<number | undefined>();
  const keyInputs = useRef(new Map<number, HTMLInputElement>());

  useEffect(() => {
    if (focusRow === undefined) return;
    keyInputs.current.get(focusRow)?.focus();
    setFocusRow(undefined);
  }, [focusRow]);

  const update = (next: Row[]) => {
    setRows(next);
    // Renamed, removed or switched Secret rows leave their old key empty (the scaffolder's
    // secrets are only ever merged, so a key cannot be removed).
    const held = secretsOf(next);
    const patch: Record<string, string> = {};
    for (const key of owned.current) {
      if (!(key in held) && secrets[key]) patch[key] = '';
    }
    for (const [key, value] of Object.entries(held)) {
      owned.current.add(key);
      if (secrets[key] !== value) patch[key] = value;
    }
    if (Object.keys(patch).length > 0) setSecrets(patch);
    onChange(envOf(next));
  };

  // Form data given back (Back, Next) whose secret is no longer held, or held under another
  // key, is brought in line with the rows at once, so validation sees it.
  useEffect(() => {
    if (JSON.stringify(envOf(rows)) !== JSON.stringify(formData)) update(rows);
    // Only on mount: later changes go through update.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const addRow = (after?: number) => {
    const row: Row = {
      id: nextId.current++,
      key: '',
      kind: 'value',
      kindChosen: false,
      value: '',
      secret: '',
      secretTyped: false,
      refName: '',
      refKey: '',
    };
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

  const setRow = (rowId: number, patch: (row: Row) => Partial<Row>) =>
    update(rows.map(r => (r.id === rowId ? { ...r, ...patch(r) } : r)));

  const rename = (row: Row, key: string): Partial<Row> => {
    // A new row's kind follows its name: a secret-like name is a secret.
    if (!row.kindChosen && isEmpty(row)) {
      return {
        key,
        kind: isSecretLikeEnvName(key.trim()) ? 'secret' : 'value',
      };
    }
    return { key };
  };

  const chooseKind = (row: Row, kind: EnvKind): Partial<Row> => {
    // A value typed in plain under a secret's name moves into the secret.
    if (
      kind === 'secret' &&
      row.kind === 'value' &&
      row.value !== '' &&
      row.secret === ''
    ) {
      return {
        kind,
        kindChosen: true,
        secret: row.value,
        secretTyped: true,
        value: '',
      };
    }
    return { kind, kindChosen: true };
  };

  /** A text input of a row; Enter in it adds the next row. */
  const input = (
    row: Row,
    index: number,
    part: 'key' | 'value' | 'secret' | 'refName' | 'refKey',
    look: Pick<
      TextFieldProps,
      'inputRef' | 'error' | 'helperText' | 'style' | 'placeholder' | 'type'
    >,
  ) => {
    const label = {
      key: 'Name',
      value: 'Value',
      secret: 'Secret value',
      refName: 'Secret name',
      refKey: 'Secret key',
    }[part];
    // A secret held from before is not shown: the field stays empty until one is typed.
    let shown = row[part];
    if (part === 'secret' && !row.secretTyped) shown = '';
    return (
      <TextField
        id={`${id}-${part}-${row.id}`}
        label={part === 'refKey' ? 'Key' : label}
        size="small"
        variant="outlined"
        margin="dense"
        disabled={disabled}
        value={shown}
        inputProps={{
          'aria-label': `${label} ${index + 1}`,
          ...(part === 'secret' ? { autoComplete: 'new-password' } : {}),
        }}
        onChange={e => {
          const text = e.target.value;
          setRow(row.id, r => {
            if (part === 'key') return rename(r, text);
            if (part === 'secret') return { secret: text, secretTyped: true };
            return { [part]: text };
          });
        }}
        onKeyDown={onKey(index)}
        {...look}
      />
    );
  };

  const errors = rowErrors(rows, hasErrors);
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
        const error = errors.get(row.id) ?? {};
        const rowName = row.key.trim() || `row ${index + 1}`;
        const heldHidden = row.secret !== '' && !row.secretTyped;
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
              error: !!error.key,
              helperText: error.key ?? ' ',
              style: { flex: 2, marginRight: 8 },
            })}
            <TextField
              id={`${id}-kind-${row.id}`}
              select
              label="Kind"
              size="small"
              variant="outlined"
              margin="dense"
              disabled={disabled}
              value={row.kind}
              SelectProps={{ native: true }}
              inputProps={{ 'aria-label': `Kind of ${rowName}` }}
              onChange={e =>
                setRow(row.id, r => chooseKind(r, e.target.value as EnvKind))
              }
              helperText=" "
              style={{ flex: 1.5, marginRight: 8, minWidth: 150 }}
            >
              {kinds.map(k => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </TextField>
            {row.kind === 'value' &&
              input(row, index, 'value', {
                helperText: ' ',
                style: { flex: 3 },
              })}
            {row.kind === 'secret' &&
              input(row, index, 'secret', {
                type: 'password',
                error: !!error.value,
                placeholder: heldHidden ? 'Entered, hidden' : undefined,
                helperText:
                  error.value ??
                  (heldHidden
                    ? 'A value is entered (hidden); type to replace it'
                    : 'Kept out of the task; H-MAS stores it in a Kubernetes Secret'),
                style: { flex: 3 },
              })}
            {row.kind === 'secretRef' && (
              <>
                {input(row, index, 'refName', {
                  error: !!error.refName,
                  helperText: error.refName ?? 'In the deployment’s namespace',
                  style: { flex: 2, marginRight: 8 },
                })}
                {input(row, index, 'refKey', {
                  error: !!error.refKey,
                  helperText: error.refKey ?? ' ',
                  style: { flex: 1 },
                })}
              </>
            )}
            <IconButton
              aria-label={`Remove ${rowName}`}
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
 * Env names valid by hmas-common's rule, none empty, at most `MAX_DEPLOYMENT_ENV` of them;
 * each value a plain string (not under a secret-like name), an entered secret
 * (`{ templateSecret }` with a key) or a valid reference to an existing Secret.
 *
 * @public
 */
export const hmasEnvEditorValidation: CustomFieldValidator<
  NonNullable<HmasEnvEditorProps['formData']>
> = (value, validation) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    validation.addError('Env vars must be name/value pairs');
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_DEPLOYMENT_ENV) {
    validation.addError(`At most ${MAX_DEPLOYMENT_ENV} env vars`);
  }
  for (const [key, v] of entries) {
    if (key === '') {
      validation.addError('An env var has a value but no name');
      continue;
    }
    const errors: (string | undefined)[] = [envNameError(key)];
    if (typeof v === 'string') {
      errors.push(plainSecretError(key));
    } else if (typeof v === 'object' && v !== null && 'templateSecret' in v) {
      const secretKey = (v as { templateSecret: unknown }).templateSecret;
      if (typeof secretKey !== 'string' || secretKey === '') {
        errors.push(ENTER_SECRET);
      }
    } else if (typeof v === 'object' && v !== null && 'secretKeyRef' in v) {
      const ref = (v as { secretKeyRef?: { name?: unknown; key?: unknown } })
        .secretKeyRef;
      const name = typeof ref?.name === 'string' ? ref.name : '';
      const refKey = typeof ref?.key === 'string' ? ref.key : '';
      const refErrors = secretKeyRefErrors(name, refKey);
      errors.push(refErrors.name, refErrors.key);
    } else {
      errors.push(
        'the value must be text, a secret entered once or a key of an existing Secret',
      );
    }
    for (const error of errors) {
      if (error) validation.addError(`${key}: ${error}`);
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
