import {
  CustomFieldValidator,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  builtinRuntimes,
  deploymentSpecSchema,
  DeploymentSpec,
  GpuMode,
  gpuModeTitle,
  ModelPreset,
  modelPresetById,
  modelPresets,
  RuntimeDefinition,
  runtimeById,
  runtimeLoadStrategies,
} from '@h-mas/plugin-hmas-common';
import { useState } from 'react';
import { FieldSet } from '../FieldSet';
import { fieldBasics } from '../fieldBasics';
import { HMAS_RUNTIME_MODEL_PICKER } from '../fieldNames';

/**
 * The runtime and model part of a deployment create request, in its field names: pass
 * `runtime`, `gpuMode` and `model` as they are to `hmas:deployment:create`.
 *
 * @public
 */
export interface HmasRuntimeModelValue {
  runtime: string;
  gpuMode: 'gpu' | 'cpu';
  model: DeploymentSpec['model'];
}

/**
 * Value and `ui:options` of the runtime and model picker; `runtimes` limits the runtimes
 * offered (ids of the runtime catalog).
 *
 * @public
 */
export const HmasRuntimeModelPickerFieldSchema = makeFieldSchema({
  output: z =>
    z.object({
      runtime: z.string(),
      gpuMode: z.enum(['gpu', 'cpu']),
      model: z.object({
        preset: z.string().optional(),
        modelId: z.string().optional(),
        hfRepo: z.string().optional(),
        hfFile: z.string().optional(),
        sizeGb: z.number().optional(),
        contextSize: z.number().optional(),
      }),
    }),
  uiOptions: z =>
    z.object({
      runtimes: z
        .array(z.string())
        .optional()
        .describe('Only offer these runtimes (ids such as vllm, ollama)'),
    }),
});

/** @public */
export type HmasRuntimeModelPickerProps =
  typeof HmasRuntimeModelPickerFieldSchema.TProps;

/** The element id, title and description the runtime and model picker has when the template gives none. */
const defaults = {
  id: 'hmas-runtime-model',
  title: 'Runtime and model',
  description: 'The model server and the model it serves',
};

const CUSTOM = '__custom__';

const gpuModeText: Record<GpuMode, string> = {
  required: 'GPU required',
  optional: 'GPU optional',
  none: 'CPU only',
};

function presetsFor(runtime: string): ModelPreset[] {
  return modelPresets.filter(p => (p.runtimes as string[]).includes(runtime));
}

/** The preset a runtime starts with: one made for it, else the first it can serve. */
function defaultPresetFor(runtime: string): ModelPreset | undefined {
  return (
    modelPresets.find(p => p.defaultRuntime === runtime) ??
    presetsFor(runtime)[0]
  );
}

/** GPU mode a runtime forces, or the previous choice (GPU by default) when it is optional. */
function gpuModeFor(
  runtime: RuntimeDefinition,
  previous: 'gpu' | 'cpu' | undefined,
): 'gpu' | 'cpu' {
  if (runtime.gpuMode === 'required') return 'gpu';
  if (runtime.gpuMode === 'none') return 'cpu';
  return previous ?? 'gpu';
}

function floorText(runtime: RuntimeDefinition): string {
  const { cpu, memory, gpu } = runtime.resourceFloor;
  const gpuPart =
    runtime.gpuMode === 'none'
      ? ''
      : ` · ${gpu} GPU${gpu === 1 ? '' : 's'}${
          runtime.gpuMode === 'optional' ? ' in GPU mode' : ''
        }`;
  return `Minimum resources: ${cpu} CPU · ${memory} memory${gpuPart}`;
}

function gpuModeHelp(runtime: RuntimeDefinition | undefined): string {
  if (!runtime) return 'Choose a runtime first';
  if (runtime.gpuMode === 'required') {
    return `${runtime.title} needs NVIDIA GPUs: GPU mode only`;
  }
  if (runtime.gpuMode === 'none') {
    return `${runtime.title} has no GPU mode: CPU mode only`;
  }
  return `${runtime.title} runs on GPUs or on CPUs; CPU mode takes no GPUs and fits the CPU Only zone`;
}

function presetFacts(preset: ModelPreset): string {
  const facts = [
    `${preset.sizeGb} GB`,
    `at least ${preset.minMemory} memory`,
    `${preset.defaultContext}-token context`,
  ];
  if (preset.gpuMemoryGb) facts.push(`${preset.gpuMemoryGb} GB GPU memory`);
  return facts.join(' · ');
}

const numberOrUndefined = (text: string) =>
  text.trim() === '' || Number.isNaN(Number(text)) ? undefined : Number(text);

/**
 * Picks the serving runtime (with its GPU mode and resource floor), a model preset it can
 * serve or a custom model, and GPU or CPU mode where the runtime leaves the choice.
 *
 * @public
 */
export function HmasRuntimeModelPicker(props: HmasRuntimeModelPickerProps) {
  const { formData, onChange, required, disabled, uiSchema } = props;
  const { id, title, description, hasErrors } = fieldBasics(props, defaults);
  const allowed = uiSchema?.['ui:options']?.runtimes;
  const runtimes = builtinRuntimes.filter(
    r => !allowed?.length || allowed.includes(r.id),
  );
  const [note, setNote] = useState<string | undefined>();

  // Nothing is chosen until a runtime is: the form may start the value as `{}`.
  const value = (formData as HmasRuntimeModelValue | undefined)?.runtime
    ? (formData as HmasRuntimeModelValue)
    : undefined;
  const runtime = value ? runtimeById(value.runtime) : undefined;
  const model = (runtime && value?.model) || {};
  const preset = model.preset ? modelPresetById(model.preset) : undefined;
  const custom = !!runtime && !model.preset;
  const emit = (next: HmasRuntimeModelValue) => onChange(next);

  const chooseRuntime = (runtimeId: string) => {
    const next = runtimeById(runtimeId);
    if (!next) return;
    const gpuMode = gpuModeFor(
      next,
      runtime?.gpuMode === 'optional' ? value?.gpuMode : undefined,
    );
    let nextModel: HmasRuntimeModelValue['model'] = model;
    setNote(undefined);
    if (!runtime || (preset && !presetsFor(next.id).includes(preset))) {
      const fallback = defaultPresetFor(next.id);
      nextModel = fallback ? { preset: fallback.id } : {};
      if (preset) {
        setNote(
          `${preset.title} does not run on ${next.title}; switched to ${
            fallback?.title ?? 'a custom model'
          }.`,
        );
      }
    } else if (custom && next.id !== 'llamacpp' && model.hfFile) {
      // Only llama.cpp reads a GGUF file name; a hidden leftover would confuse the review.
      const { hfFile: _dropped, ...rest } = model;
      nextModel = rest;
    }
    emit({ runtime: next.id, gpuMode, model: nextModel });
  };

  const chooseModel = (choice: string) => {
    if (!value || !runtime) return;
    setNote(undefined);
    emit({
      ...value,
      model: choice === CUSTOM ? {} : { preset: choice },
    });
  };

  const setCustom = (patch: Partial<HmasRuntimeModelValue['model']>) => {
    if (!value || !runtime) return;
    const next = { ...model, ...patch };
    for (const key of Object.keys(next) as (keyof typeof next)[]) {
      if (next[key] === undefined || next[key] === '') delete next[key];
    }
    emit({ ...value, model: next });
  };

  /** An input of the picker, with the common look; `suffix` ends its id. */
  const input = (
    suffix: string,
    options: Pick<
      TextFieldProps,
      | 'label'
      | 'select'
      | 'type'
      | 'required'
      | 'disabled'
      | 'inputProps'
      | 'helperText'
      | 'children'
      | 'SelectProps'
    > & { value: string | number | undefined; onValue: (v: string) => void },
  ) => {
    const { value: current, onValue, ...field } = options;
    return (
      <TextField
        id={`${id}-${suffix}`}
        fullWidth
        margin="dense"
        variant="outlined"
        disabled={disabled}
        value={current ?? ''}
        onChange={e => onValue(e.target.value)}
        {...field}
      />
    );
  };

  const pvcOnly =
    runtime &&
    !runtimeLoadStrategies(runtime).some(s => s !== 'pvc' && s !== 's3');

  return (
    <FieldSet required={required} disabled={disabled} error={hasErrors}>
      <FormLabel component="legend">{title}</FormLabel>
      <FormHelperText style={{ marginTop: 0 }}>{description}</FormHelperText>
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          {input('runtime', {
            select: true,
            label: 'Runtime',
            required,
            value: runtime?.id,
            onValue: chooseRuntime,
            helperText: runtime?.description ?? 'The model server',
            // The chosen runtime shows as its title alone, the text its accessible name
            // ends with (axe's label-content-name-mismatch); the menu keeps the GPU mode.
            SelectProps: {
              renderValue: v =>
                runtimes.find(r => r.id === v)?.title ?? String(v ?? ''),
            },
            children: runtimes.map(r => (
              <MenuItem key={r.id} value={r.id}>
                <ListItemText
                  primary={r.title}
                  secondary={gpuModeText[r.gpuMode]}
                />
              </MenuItem>
            )),
          })}
          {runtime && (
            <Box mt={1} data-testid="hmas-runtime-facts">
              <Chip
                size="small"
                label={gpuModeText[runtime.gpuMode]}
                color={runtime.gpuMode === 'required' ? 'primary' : 'default'}
                style={{ marginRight: 8 }}
              />
              <Typography variant="caption">{floorText(runtime)}</Typography>
            </Box>
          )}
        </Grid>
        <Grid item xs={12} md={6}>
          {input('model', {
            select: true,
            label: 'Model',
            required,
            disabled: disabled || !runtime,
            value: custom ? CUSTOM : model.preset,
            onValue: chooseModel,
            helperText:
              (preset && presetFacts(preset)) ??
              (custom
                ? 'A model by id: give its size so memory and probes fit'
                : 'Choose a runtime first'),
            // No runtime, no models: nothing model-related shows as chosen or choosable.
            children: runtime
              ? [
                  ...presetsFor(runtime.id).map(p => (
                    <MenuItem key={p.id} value={p.id}>
                      <ListItemText primary={p.title} secondary={p.modelId} />
                    </MenuItem>
                  )),
                  <MenuItem key={CUSTOM} value={CUSTOM}>
                    <ListItemText
                      primary="Custom model…"
                      secondary="Any model id the runtime can load"
                    />
                  </MenuItem>,
                ]
              : [],
          })}
          {preset?.gated && (
            <Typography variant="caption" color="textSecondary">
              Gated on Hugging Face: the pods need a token with access
              (HF_TOKEN).
            </Typography>
          )}
        </Grid>
      </Grid>

      {note && (
        <Alert severity="info" style={{ marginTop: 8 }}>
          {note}
        </Alert>
      )}
      {pvcOnly && (
        <Alert severity="info" style={{ marginTop: 8 }}>
          {runtime!.title} loads models from a pre-loaded volume only: give an
          existing PVC under storage.
        </Alert>
      )}

      {custom && runtime && (
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            {input('model-id', {
              label: 'Model id',
              required: true,
              value: model.modelId,
              onValue: v => setCustom({ modelId: v.trim() }),
              helperText:
                runtime.id === 'ollama'
                  ? 'Ollama library name, e.g. llama3.2:3b'
                  : 'Hugging Face id, e.g. Qwen/Qwen2.5-1.5B-Instruct',
            })}
          </Grid>
          <Grid item xs={6} md={3}>
            {input('size', {
              label: 'Size (GB)',
              type: 'number',
              required: true,
              inputProps: { min: 0, step: 0.1 },
              value: model.sizeGb,
              onValue: v => setCustom({ sizeGb: numberOrUndefined(v) }),
              helperText: 'Weights on disk',
            })}
          </Grid>
          <Grid item xs={6} md={3}>
            {input('context', {
              label: 'Context (tokens)',
              type: 'number',
              inputProps: { min: 256, step: 256 },
              value: model.contextSize,
              onValue: v => setCustom({ contextSize: numberOrUndefined(v) }),
              helperText: 'Default 4096',
            })}
          </Grid>
          {runtime.id === 'llamacpp' && (
            <Grid item xs={12}>
              {input('hf-file', {
                label: 'GGUF file',
                required: true,
                value: model.hfFile,
                onValue: v => setCustom({ hfFile: v.trim() }),
                helperText: 'File in the repository, e.g. model-Q4_K_M.gguf',
              })}
            </Grid>
          )}
        </Grid>
      )}

      <FormControl
        component="fieldset"
        margin="dense"
        disabled={disabled || !runtime || runtime.gpuMode !== 'optional'}
      >
        <FormLabel component="legend" id={`${id}-gpu-mode-label`}>
          GPU or CPU mode
        </FormLabel>
        <RadioGroup
          row
          aria-labelledby={`${id}-gpu-mode-label`}
          name={`${id}-gpu-mode`}
          value={runtime ? value?.gpuMode ?? '' : ''}
          onChange={e =>
            value &&
            runtime &&
            emit({ ...value, gpuMode: e.target.value as 'gpu' | 'cpu' })
          }
        >
          {(['gpu', 'cpu'] as const).map(mode => (
            <FormControlLabel
              key={mode}
              value={mode}
              control={<Radio />}
              label={gpuModeTitle(mode)}
            />
          ))}
        </RadioGroup>
        <FormHelperText>{gpuModeHelp(runtime)}</FormHelperText>
      </FormControl>
    </FieldSet>
  );
}

const PICKED_FIELDS = ['runtime', 'gpuMode', 'model'];

/**
 * The deployment schema of hmas-common decides: the issues it finds in `runtime`, `gpuMode`
 * and `model` (unknown runtime or preset, a preset the runtime cannot serve, a GPU mode the
 * runtime does not have, a custom model without size or GGUF file).
 *
 * @public
 */
export const hmasRuntimeModelPickerValidation: CustomFieldValidator<
  HmasRuntimeModelValue
> = (value, validation) => {
  if (!value || typeof value !== 'object' || !value.runtime) {
    validation.addError('Choose a runtime and a model');
    return;
  }
  const parsed = deploymentSpecSchema.safeParse({
    // Placeholders for the parts of the request other fields of the form fill in.
    name: 'runtime-model-check',
    placement: { mode: 'clusters', clusters: ['placeholder'] },
    runtime: value.runtime,
    gpuMode: value.gpuMode,
    model: value.model ?? {},
  });
  if (parsed.success) return;
  const messages = new Set(
    parsed.error.issues
      .filter(issue => PICKED_FIELDS.includes(String(issue.path[0])))
      .map(issue =>
        issue.path.length > 1 && issue.code !== 'custom'
          ? `${issue.path.join('.')}: ${issue.message}`
          : issue.message,
      ),
  );
  for (const message of messages) validation.addError(message);
};

/**
 * The `HmasRuntimeModelPicker` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasRuntimeModelPickerFormField = createFormField({
  name: HMAS_RUNTIME_MODEL_PICKER,
  component: HmasRuntimeModelPicker,
  validation: hmasRuntimeModelPickerValidation,
  schema: HmasRuntimeModelPickerFieldSchema,
});
