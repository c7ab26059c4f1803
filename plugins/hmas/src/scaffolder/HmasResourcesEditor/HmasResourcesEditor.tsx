import {
  CustomFieldValidator,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  deploymentSpecSchema,
  resolveDeployment,
  ResolvedDeployment,
} from '@h-mas/plugin-hmas-common';
import { useEffect } from 'react';
import { FieldSet } from '../FieldSet';
import { fieldBasics } from '../fieldBasics';
import { HMAS_RESOURCES_EDITOR } from '../fieldNames';

/**
 * The per-replica resources of a deployment create request, in its field names: pass it as
 * it is as `resources` to `hmas:deployment:create`. A key left out is sized by H-MAS.
 *
 * @public
 */
export interface HmasResourcesValue {
  cpu?: string;
  memory?: string;
  gpu?: number;
  gpuType?: string;
}

/**
 * Value and `ui:options` of the resources editor; `runtimeModelField` names the form's
 * `HmasRuntimeModelPicker` field, whose runtime, model and GPU mode the editor sizes for.
 *
 * @public
 */
export const HmasResourcesEditorFieldSchema = makeFieldSchema({
  output: z =>
    z.object({
      cpu: z.string().optional(),
      memory: z.string().optional(),
      gpu: z.number().optional(),
      gpuType: z.string().optional(),
    }),
  uiOptions: z =>
    z.object({
      runtimeModelField: z
        .string()
        .optional()
        .describe(
          'Name of the form’s HmasRuntimeModelPicker field: CPU mode then has no GPU inputs, and the sizes H-MAS picks show',
        ),
    }),
});

/** @public */
export type HmasResourcesEditorProps =
  typeof HmasResourcesEditorFieldSchema.TProps;

/** The element id, title and description the editor has when the template gives none. */
const defaults = {
  id: 'hmas-resources',
  title: 'Resources per replica',
  description:
    'Leave a value empty and H-MAS sizes it from the runtime and the model',
};

type Key = keyof HmasResourcesValue;

/** Label and help of each input when the template's schema gives none. */
const inputDefaults: Record<Key, { title: string; description: string }> = {
  cpu: { title: 'CPU', description: 'Kubernetes quantity, e.g. 4 or 500m' },
  memory: { title: 'Memory', description: 'Kubernetes quantity, e.g. 16Gi' },
  gpu: { title: 'GPUs', description: 'GPUs per replica' },
  gpuType: {
    title: 'GPU type',
    description: 'Optional, e.g. a100 or l4: only nodes with that GPU',
  },
};

const GPU_KEYS: Key[] = ['gpu', 'gpuType'];

/** How a sizing note of resolveDeployment starts, as a sentence. */
const noteSubjects: Record<string, string> = {
  cpu: 'CPU',
  memory: 'Memory',
  gpu: 'GPUs',
};

/** The runtime and model value of the form's `runtimeModelField`, when it names one. */
function chosenRuntimeModel(
  formData: unknown,
  field: string | undefined,
): { runtime?: unknown; gpuMode?: unknown; model?: unknown } | undefined {
  if (!field || !formData || typeof formData !== 'object') return undefined;
  const value = (formData as Record<string, unknown>)[field];
  return value && typeof value === 'object' ? value : undefined;
}

/** The value without empty keys, and without GPU keys in CPU mode. */
function cleaned(
  value: HmasResourcesValue,
  cpuMode: boolean,
): HmasResourcesValue {
  const next: HmasResourcesValue = { ...value };
  for (const key of Object.keys(next) as Key[]) {
    if (
      next[key] === undefined ||
      next[key] === '' ||
      (cpuMode && GPU_KEYS.includes(key))
    ) {
      delete next[key];
    }
  }
  return next;
}

/**
 * What H-MAS will run a replica with: the request resolved by hmas-common's
 * `resolveDeployment`, the sizing the backend applies. Values the request schema refuses are
 * left out (and flagged by the form), so the rest still shows. Undefined until the runtime
 * and model are complete.
 */
export function plannedResources(
  runtimeModel: { runtime?: unknown; gpuMode?: unknown; model?: unknown },
  resources: HmasResourcesValue,
): Pick<ResolvedDeployment, 'resources' | 'resourceNotes'> | undefined {
  const request = (r: HmasResourcesValue) => ({
    // Placeholders for the parts of the request that do not change the sizes.
    name: 'sizing-preview',
    placement: { mode: 'clusters', clusters: ['placeholder'] },
    runtime: runtimeModel.runtime,
    gpuMode: runtimeModel.gpuMode,
    model: runtimeModel.model ?? {},
    resources: r,
  });
  let parsed = deploymentSpecSchema.safeParse(request(resources));
  if (!parsed.success) {
    const refused = new Set(
      parsed.error.issues
        .filter(i => i.path[0] === 'resources' && i.path.length > 1)
        .map(i => String(i.path[1])),
    );
    const rest = Object.fromEntries(
      Object.entries(resources).filter(([key]) => !refused.has(key)),
    );
    parsed = deploymentSpecSchema.safeParse(request(rest));
  }
  if (!parsed.success) return undefined;
  const resolved = resolveDeployment(parsed.data, {
    owner: 'user:default/sizing-preview',
  });
  return {
    resources: resolved.resources,
    resourceNotes: resolved.resourceNotes,
  };
}

/** "4 CPU · 16Gi memory · 1 GPU (a100)", without GPUs in CPU mode. */
export function resourcesText(
  resources: ResolvedDeployment['resources'],
): string {
  const parts = [`${resources.cpu} CPU`, `${resources.memory} memory`];
  if (resources.gpu > 0) {
    parts.push(
      `${resources.gpu} GPU${resources.gpu === 1 ? '' : 's'}${
        resources.gpuType ? ` (${resources.gpuType})` : ''
      }`,
    );
  }
  return parts.join(' · ');
}

const numberOrUndefined = (text: string) =>
  text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text);

/**
 * CPU, memory, and in GPU mode GPUs and GPU type of a replica, each optional; under them the
 * sizes H-MAS will use, from the runtime, model and GPU mode chosen earlier in the form.
 *
 * @public
 */
export function HmasResourcesEditor(props: HmasResourcesEditorProps) {
  const { formData, onChange, required, disabled, uiSchema, errorSchema } =
    props;
  const { id, title, description, hasErrors } = fieldBasics(props, defaults);
  const runtimeModel = chosenRuntimeModel(
    (props.formContext as { formData?: unknown } | undefined)?.formData,
    uiSchema?.['ui:options']?.runtimeModelField as string | undefined,
  );
  const cpuMode = runtimeModel?.gpuMode === 'cpu';
  const value: HmasResourcesValue = formData ?? {};
  const properties = (props.schema as { properties?: Record<string, any> })
    .properties;

  // GPUs typed in GPU mode do not survive a switch to CPU mode, which takes none.
  const stale = cpuMode && GPU_KEYS.some(key => value[key] !== undefined);
  useEffect(() => {
    if (stale) onChange(cleaned(value, true));
  });

  const set = (key: Key, next: string | number | undefined) =>
    onChange(cleaned({ ...value, [key]: next }, cpuMode));

  const planned =
    runtimeModel?.runtime && !stale
      ? plannedResources(runtimeModel, value)
      : undefined;

  const input = (key: Key, options: { type?: 'number'; xs: 6 | 12 }) => {
    const errors = (errorSchema as any)?.[key]?.__errors as
      | string[]
      | undefined;
    const text = {
      title: properties?.[key]?.title ?? inputDefaults[key].title,
      description:
        properties?.[key]?.description ?? inputDefaults[key].description,
    };
    return (
      <Grid item xs={options.xs} md={3}>
        <TextField
          id={`${id}-${key}`}
          label={text.title}
          type={options.type}
          fullWidth
          margin="dense"
          variant="outlined"
          disabled={disabled}
          value={value[key] ?? ''}
          onChange={e =>
            set(
              key,
              options.type === 'number'
                ? numberOrUndefined(e.target.value)
                : e.target.value.trim(),
            )
          }
          inputProps={
            options.type === 'number' ? { min: 0, max: 16, step: 1 } : {}
          }
          error={!!errors?.length}
          helperText={errors?.length ? errors.join('; ') : text.description}
        />
      </Grid>
    );
  };

  return (
    <FieldSet required={required} disabled={disabled} error={hasErrors}>
      <FormLabel component="legend">{title}</FormLabel>
      <FormHelperText style={{ marginTop: 0 }}>{description}</FormHelperText>
      <Grid container spacing={2}>
        {input('cpu', { xs: 6 })}
        {input('memory', { xs: 6 })}
        {!cpuMode && input('gpu', { type: 'number', xs: 6 })}
        {!cpuMode && input('gpuType', { xs: 6 })}
      </Grid>
      {cpuMode && (
        <Typography variant="body2" color="textSecondary">
          CPU mode: the replicas take no GPUs.
        </Typography>
      )}
      {planned && (
        <Alert
          severity="info"
          style={{ marginTop: 8 }}
          data-testid="hmas-resources-planned"
        >
          <Typography variant="body2">
            H-MAS will use: {resourcesText(planned.resources)}
          </Typography>
          {planned.resourceNotes.flatMap(note => {
            const subject = /^(cpu|memory|gpu)\b/.exec(note)?.[1];
            return subject
              ? [
                  <Typography variant="caption" component="div" key={note}>
                    {noteSubjects[subject]}
                    {note.slice(subject.length)}
                  </Typography>,
                ]
              : [];
          })}
        </Alert>
      )}
      {runtimeModel && !runtimeModel.runtime && (
        <FormHelperText>
          Choose the runtime and model first to see the sizes H-MAS picks
        </FormHelperText>
      )}
    </FieldSet>
  );
}

/**
 * The deployment schema of hmas-common decides, with the runtime and model the form chose:
 * the issues it finds in `resources` (GPUs in CPU mode, a malformed MIG type).
 *
 * @public
 */
export const hmasResourcesEditorValidation: CustomFieldValidator<
  HmasResourcesValue,
  { runtimeModelField?: string }
> = (value, validation, context) => {
  const runtimeModel = chosenRuntimeModel(
    context?.formData,
    context?.uiSchema?.['ui:options']?.runtimeModelField,
  );
  const parsed = deploymentSpecSchema.safeParse({
    name: 'resources-check',
    placement: { mode: 'clusters', clusters: ['placeholder'] },
    // Without a runtime choice, a known runtime and model: only the resources are judged.
    runtime: runtimeModel?.runtime ?? 'vllm',
    gpuMode: runtimeModel?.gpuMode,
    model: runtimeModel?.model ?? { preset: 'qwen2.5-0.5b-instruct' },
    resources: value ?? {},
  });
  if (parsed.success) return;
  const messages = new Set(
    parsed.error.issues
      .filter(issue => issue.path[0] === 'resources')
      .map(issue => issue.message),
  );
  for (const message of messages) validation.addError(message);
};

/**
 * The `HmasResourcesEditor` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasResourcesEditorFormField = createFormField({
  name: HMAS_RESOURCES_EDITOR,
  component: HmasResourcesEditor,
  validation: hmasResourcesEditorValidation,
  schema: HmasResourcesEditorFieldSchema,
});
