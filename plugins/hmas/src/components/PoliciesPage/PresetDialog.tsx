import { useApi } from '@backstage/core-plugin-api';
import DialogContent from '@material-ui/core/DialogContent';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import {
  DEFAULT_FAILOVER_TOLERATION_SECONDS,
  PolicyPreset,
  presetSpecSchema,
  PresetSpecInput,
  presetZones,
  zoneById,
} from '@h-mas/plugin-hmas-common';
import { ComponentProps, useMemo, useState } from 'react';
import { hmasApiRef } from '../../api';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { FieldErrorList } from '../shared/FieldErrorList';
import { FormTextField } from '../shared/FormTextField';
import { HmasDialog } from '../shared/HmasDialog';
import { SaveCancelActions } from '../shared/SaveCancelActions';
import { ReplicaSchedulingField } from './ReplicaSchedulingField';

/** What the new preset form holds; numbers as typed. @internal */
export interface PresetForm {
  name: string;
  title: string;
  zone: '' | (typeof presetZones)[number];
  scheduling: 'Duplicated' | 'Divided';
  failover: boolean;
  tolerationSeconds: string;
  purgeMode: '' | 'Directly' | 'Gracefully' | 'Never';
  gracePeriodSeconds: string;
  /** Seconds on a not-ready or unreachable cluster before eviction; '' for Karmada's default. */
  clusterTolerationSeconds: string;
  /** The fewest replicas a deployment with the preset may have; '' for no minimum. */
  minReplicas: string;
}

const toNumber = (v: string) => (v.trim() === '' ? undefined : Number(v));

/** Static weights survive an edit as long as the replicas stay Divided. */
function scheduling(
  form: PresetForm,
  base: PresetSpecInput['placement']['replicaScheduling'] | undefined,
): PresetSpecInput['placement']['replicaScheduling'] {
  if (form.scheduling === 'Duplicated') return { type: 'Duplicated' };
  if (base?.type === 'Divided') return base;
  return { type: 'Divided', weighting: { mode: 'dynamic' } };
}

/**
 * The preset spec a form describes (before validation). Editing an existing preset (`base`)
 * keeps what the form does not show: description, resource profiles, spread, and static
 * weights while the scheduling stays Divided.
 *
 * @internal
 */
export function buildPresetSpec(
  form: PresetForm,
  base?: PresetSpecInput,
): PresetSpecInput {
  const grace = toNumber(form.gracePeriodSeconds);
  const clusterToleration = toNumber(form.clusterTolerationSeconds);
  const minReplicas = toNumber(form.minReplicas);
  const baseScheduling = base?.placement.replicaScheduling;
  return {
    name: form.name,
    title: form.title,
    ...(base?.description !== undefined
      ? { description: base.description }
      : {}),
    placement: {
      ...(form.zone ? { zone: form.zone } : {}),
      replicaScheduling: scheduling(form, baseScheduling),
      ...(base?.placement.spreadBy
        ? { spreadBy: base.placement.spreadBy }
        : {}),
    },
    ...(base?.resources ? { resources: base.resources } : {}),
    ...(form.failover
      ? {
          failover: {
            tolerationSeconds: toNumber(form.tolerationSeconds),
            ...(form.purgeMode ? { purgeMode: form.purgeMode } : {}),
            ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
            ...(clusterToleration !== undefined
              ? { clusterTolerationSeconds: clusterToleration }
              : {}),
          },
        }
      : {}),
    ...(minReplicas !== undefined ? { minReplicas } : {}),
  };
}

const initialForm: PresetForm = {
  name: '',
  title: '',
  zone: '',
  scheduling: 'Divided',
  failover: false,
  tolerationSeconds: String(DEFAULT_FAILOVER_TOLERATION_SECONDS),
  purgeMode: '',
  gracePeriodSeconds: '',
  clusterTolerationSeconds: '',
  minReplicas: '',
};

/** A select of the form whose first choice is the empty value, its label always raised. */
function OptionalSelect(
  props: Omit<ComponentProps<typeof FormTextField>, 'select'>,
) {
  return (
    <FormTextField
      select
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
      {...props}
    />
  );
}

function submitLabel(editing: boolean, saving: boolean): string {
  if (editing) return saving ? 'Saving…' : 'Save preset';
  return saving ? 'Creating…' : 'Create preset';
}

/**
 * The form state of an existing preset.
 *
 * @internal
 */
export function presetToForm(preset: PresetSpecInput): PresetForm {
  return {
    name: preset.name,
    title: preset.title,
    zone: preset.placement.zone ?? '',
    scheduling: preset.placement.replicaScheduling.type,
    failover: preset.failover !== undefined,
    tolerationSeconds: String(
      preset.failover?.tolerationSeconds ?? DEFAULT_FAILOVER_TOLERATION_SECONDS,
    ),
    purgeMode: preset.failover?.purgeMode ?? '',
    gracePeriodSeconds:
      preset.failover?.gracePeriodSeconds !== undefined
        ? String(preset.failover.gracePeriodSeconds)
        : '',
    clusterTolerationSeconds:
      preset.failover?.clusterTolerationSeconds !== undefined
        ? String(preset.failover.clusterTolerationSeconds)
        : '',
    minReplicas:
      preset.minReplicas !== undefined ? String(preset.minReplicas) : '',
  };
}

/**
 * A form for a new policy preset, or to edit `preset`: placement zone and replica scheduling,
 * application failover; checked with the preset schema before the write.
 *
 * @internal
 */
export function PresetDialog(props: {
  /** The preset to edit; without it the dialog creates one. */
  preset?: PolicyPreset;
  onClose: () => void;
  onCreated: (preset: PolicyPreset) => void;
}) {
  const hmasApi = useApi(hmasApiRef);
  const editing = props.preset;
  const [form, setForm] = useState<PresetForm>(() =>
    editing ? presetToForm(editing) : initialForm,
  );
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<Error | undefined>();
  const spec = useMemo(() => buildPresetSpec(form, editing), [form, editing]);
  const errors = useMemo(() => {
    const result = presetSpecSchema.safeParse(spec);
    return result.success
      ? []
      : result.error.issues.map(i => ({
          field: i.path.join('.'),
          message: i.message,
        }));
  }, [spec]);
  const shownErrors = submitted ? errors : [];
  const errorOf = (field: string) =>
    shownErrors.find(e => e.field === field)?.message;
  const set = (patch: Partial<PresetForm>) =>
    setForm(f => ({ ...f, ...patch }));
  /** A failover field of the form, in seconds (`failover.<key>` in the spec). */
  const seconds = (
    key:
      | 'tolerationSeconds'
      | 'gracePeriodSeconds'
      | 'clusterTolerationSeconds',
    id: string,
    label: string,
    helperText: string,
    disabled = false,
  ) => (
    <FormTextField
      id={id}
      label={label}
      type="number"
      disabled={disabled}
      value={form[key]}
      onChange={e => set({ [key]: e.target.value })}
      error={errorOf(`failover.${key}`)}
      helperText={helperText}
    />
  );

  const submit = async () => {
    setSubmitted(true);
    setServerError(undefined);
    if (errors.length > 0) return;
    setSaving(true);
    try {
      props.onCreated(
        editing
          ? await hmasApi.updatePreset(editing.id, spec)
          : await hmasApi.createPreset(spec),
      );
    } catch (e) {
      setServerError(e as Error);
      setSaving(false);
    }
  };

  const graceEnabled =
    form.purgeMode === 'Gracefully' || form.gracePeriodSeconds !== '';

  return (
    <HmasDialog
      titleId="hmas-new-preset-title"
      title={editing ? `Edit preset ${editing.name}` : 'New preset'}
      onClose={props.onClose}
      maxWidth="sm"
    >
      <DialogContent dividers>
        <DialogErrorAlert error={serverError} />
        <FieldErrorList
          errors={shownErrors}
          intro="Fix these fields:"
          label="Preset errors"
          mb={2}
        />
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            <FormTextField
              id="hmas-preset-name"
              label="Name"
              value={form.name}
              onChange={e => set({ name: e.target.value.trim() })}
              // Shown as not editable, not merely read-only: a preset keeps its name.
              disabled={Boolean(editing)}
              error={errorOf('name')}
              helperText={
                editing
                  ? 'A preset keeps its name; create a new one to rename'
                  : 'A DNS-1123 label'
              }
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <FormTextField
              id="hmas-preset-title"
              label="Title"
              value={form.title}
              onChange={e => set({ title: e.target.value })}
              error={errorOf('title')}
            />
          </Grid>
          <Grid item xs={12}>
            <OptionalSelect
              id="hmas-preset-zone"
              label="Zone"
              fullWidth={false}
              value={form.zone}
              onChange={e =>
                set({ zone: e.target.value as PresetForm['zone'] })
              }
              helperText="Optional; a deployment's own placement applies when unset"
              style={{ minWidth: 260 }}
            >
              <MenuItem value="">Any (the deployment decides)</MenuItem>
              {presetZones.map(z => (
                <MenuItem key={z} value={z}>
                  {zoneById(z).title}
                </MenuItem>
              ))}
            </OptionalSelect>
          </Grid>
          <Grid item xs={12}>
            <ReplicaSchedulingField
              name="hmas-preset-scheduling"
              value={form.scheduling}
              onChange={value => set({ scheduling: value })}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <FormTextField
              id="hmas-preset-min-replicas"
              label="Minimum replicas"
              type="number"
              value={form.minReplicas}
              onChange={e => set({ minReplicas: e.target.value })}
              error={errorOf('minReplicas')}
              helperText="Optional; 2 keeps one replica serving while another fails over"
            />
          </Grid>
          <Grid item xs={12}>
            <FormControlLabel
              control={
                <Switch
                  checked={form.failover}
                  onChange={e => set({ failover: e.target.checked })}
                />
              }
              label="Application failover"
            />
          </Grid>
          {form.failover && (
            <>
              <Grid item xs={12} sm={4}>
                {seconds(
                  'tolerationSeconds',
                  'hmas-preset-toleration',
                  'Toleration (seconds)',
                  'How long a cluster may be unhealthy before relocation',
                )}
              </Grid>
              <Grid item xs={12} sm={4}>
                <OptionalSelect
                  id="hmas-preset-purge-mode"
                  label="Purge mode"
                  value={form.purgeMode}
                  onChange={e =>
                    set({
                      purgeMode: e.target.value as PresetForm['purgeMode'],
                    })
                  }
                >
                  <MenuItem value="">Karmada default</MenuItem>
                  <MenuItem value="Directly">Directly</MenuItem>
                  <MenuItem value="Gracefully">Gracefully</MenuItem>
                  <MenuItem value="Never">Never</MenuItem>
                </OptionalSelect>
              </Grid>
              <Grid item xs={12} sm={4}>
                {seconds(
                  'gracePeriodSeconds',
                  'hmas-preset-grace',
                  'Grace period (seconds)',
                  'Only with purge mode Gracefully',
                  !graceEnabled,
                )}
              </Grid>
              <Grid item xs={12} sm={6}>
                {seconds(
                  'clusterTolerationSeconds',
                  'hmas-preset-cluster-toleration',
                  'Cluster failover after (seconds)',
                  'Optional; how long replicas stay on a not-ready or unreachable cluster',
                )}
              </Grid>
            </>
          )}
        </Grid>
      </DialogContent>
      <SaveCancelActions
        onCancel={props.onClose}
        onSubmit={submit}
        submitLabel={submitLabel(Boolean(editing), saving)}
        submitDisabled={saving}
      />
    </HmasDialog>
  );
}
