import { useApi } from '@backstage/core-plugin-api';
import Checkbox from '@material-ui/core/Checkbox';
import DialogContent from '@material-ui/core/DialogContent';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  PRIORITY_CLASS_PRESETS,
  PriorityClassPreset,
  TeamNamespace,
  TeamNamespaceInput,
  teamNamespaceSpecSchema,
  TeamNamespaceUpdate,
  TeamQuota,
} from '@h-mas/plugin-hmas-common';
import { useMemo, useState } from 'react';
import { hmasApiRef } from '../../api';
import { serverMessage } from '../PoliciesPage/errors';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { FormTextField } from '../shared/FormTextField';
import { HmasDialog } from '../shared/HmasDialog';
import { SaveCancelActions } from '../shared/SaveCancelActions';

/** What the team namespace form holds; numbers as typed. @internal */
export interface TeamNamespaceForm {
  name: string;
  team: string;
  description: string;
  gpu: string;
  cpu: string;
  memory: string;
  pods: string;
  priorityClasses: PriorityClassPreset[];
}

const allClasses = PRIORITY_CLASS_PRESETS.map(p => p.name);

const initialForm: TeamNamespaceForm = {
  name: '',
  team: '',
  description: '',
  gpu: '',
  cpu: '',
  memory: '',
  pods: '',
  priorityClasses: [...allClasses],
};

const toNumber = (v: string) => (v.trim() === '' ? undefined : Number(v));
const toText = (v: string) => (v.trim() === '' ? undefined : v.trim());

/** The quota a form describes, its fields in a fixed order (unset ones left out). */
function formQuota(form: TeamNamespaceForm): TeamQuota {
  const quota: TeamQuota = {};
  const gpu = toNumber(form.gpu);
  const cpu = toText(form.cpu);
  const memory = toText(form.memory);
  const pods = toNumber(form.pods);
  if (gpu !== undefined) quota.gpu = gpu;
  if (cpu !== undefined) quota.cpu = cpu;
  if (memory !== undefined) quota.memory = memory;
  if (pods !== undefined) quota.pods = pods;
  return quota;
}

/**
 * The team namespace a form describes (before validation).
 *
 * @internal
 */
export function buildTeamNamespaceSpec(
  form: TeamNamespaceForm,
): TeamNamespaceInput {
  const description = toText(form.description);
  return {
    name: form.name.trim(),
    team: form.team.trim(),
    ...(description !== undefined ? { description } : {}),
    quota: formQuota(form),
    // In preset order, whatever order they were ticked in.
    priorityClasses: allClasses.filter(c => form.priorityClasses.includes(c)),
  };
}

/**
 * The form state of an existing team namespace.
 *
 * @internal
 */
export function teamNamespaceToForm(ns: TeamNamespace): TeamNamespaceForm {
  const num = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    name: ns.name,
    team: ns.team,
    description: ns.description ?? '',
    gpu: num(ns.quota.gpu),
    cpu: ns.quota.cpu ?? '',
    memory: ns.quota.memory ?? '',
    pods: num(ns.quota.pods),
    priorityClasses: [...ns.priorityClasses],
  };
}

/** The same quota, whatever the order of its keys. */
function sameQuota(a: TeamQuota, b: TeamQuota): boolean {
  const norm = (q: TeamQuota) =>
    JSON.stringify([q.gpu, q.cpu, q.memory, q.pods]);
  return norm(a) === norm(b);
}

/**
 * The change an edit makes to `before`: only what differs, so the audit log names it.
 *
 * @internal
 */
export function teamNamespaceChange(
  before: TeamNamespace,
  form: TeamNamespaceForm,
): TeamNamespaceUpdate {
  const after = buildTeamNamespaceSpec(form);
  const change: TeamNamespaceUpdate = {};
  if ((after.description ?? '') !== (before.description ?? '')) {
    change.description = after.description ?? '';
  }
  if (!sameQuota(after.quota, before.quota)) change.quota = after.quota;
  const classes = after.priorityClasses ?? [];
  if (
    classes.length !== before.priorityClasses.length ||
    classes.some(c => !before.priorityClasses.includes(c))
  ) {
    change.priorityClasses = classes;
  }
  return change;
}

function submitLabel(editing: boolean, saving: boolean): string {
  if (editing) return saving ? 'Saving…' : 'Save team namespace';
  return saving ? 'Creating…' : 'Create team namespace';
}

/**
 * A form for a new team namespace, or to edit `namespace` (its description, quota and
 * priority classes; name and team stay): checked with the team namespace schema before the
 * write, the server's refusal shown in the dialog.
 *
 * @internal
 */
export function TeamNamespaceDialog(props: {
  /** The team namespace to edit; without it the dialog creates one. */
  namespace?: TeamNamespace;
  onClose: () => void;
  onSaved: (ns: TeamNamespace) => void;
}) {
  const hmasApi = useApi(hmasApiRef);
  const editing = props.namespace;
  const [form, setForm] = useState<TeamNamespaceForm>(() =>
    editing ? teamNamespaceToForm(editing) : initialForm,
  );
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | undefined>();
  const spec = useMemo(() => buildTeamNamespaceSpec(form), [form]);
  const errors = useMemo(() => {
    const result = teamNamespaceSpecSchema.safeParse(spec);
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
  const set = (patch: Partial<TeamNamespaceForm>) =>
    setForm(f => ({ ...f, ...patch }));

  const submit = async () => {
    setSubmitted(true);
    setServerError(undefined);
    if (errors.length > 0) return;
    let change: TeamNamespaceUpdate | undefined;
    if (editing) {
      change = teamNamespaceChange(editing, form);
      if (Object.keys(change).length === 0) {
        setServerError(
          'Nothing changed: change the quota, the description or the priority classes',
        );
        return;
      }
    }
    setSaving(true);
    try {
      props.onSaved(
        editing && change
          ? await hmasApi.updateTeamNamespace(editing.name, change)
          : await hmasApi.createTeamNamespace(spec),
      );
    } catch (e) {
      setServerError(serverMessage(e));
      setSaving(false);
    }
  };

  const quotaField = (
    key: 'gpu' | 'cpu' | 'memory' | 'pods',
    label: string,
    helperText: string,
    type: 'number' | 'text',
  ) => (
    <FormTextField
      id={`hmas-ns-${key}`}
      label={label}
      type={type}
      value={form[key]}
      onChange={e => set({ [key]: e.target.value })}
      error={errorOf(`quota.${key}`)}
      helperText={helperText}
      inputProps={type === 'number' ? { min: key === 'gpu' ? 0 : 1 } : {}}
    />
  );

  const quotaError = errorOf('quota');
  const classesError = errorOf('priorityClasses');
  const toggle = (name: PriorityClassPreset, on: boolean) =>
    set({
      priorityClasses: on
        ? [...form.priorityClasses.filter(c => c !== name), name]
        : form.priorityClasses.filter(c => c !== name),
    });

  return (
    <HmasDialog
      titleId="hmas-team-namespace-title"
      title={
        editing ? `Edit team namespace ${editing.name}` : 'New team namespace'
      }
      onClose={props.onClose}
      maxWidth="sm"
    >
      <DialogContent dividers>
        <DialogErrorAlert error={serverError} />
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            <FormTextField
              id="hmas-ns-name"
              label="Name"
              value={form.name}
              onChange={e => set({ name: e.target.value.trim() })}
              InputProps={{ readOnly: Boolean(editing) }}
              error={errorOf('name')}
              helperText={
                editing
                  ? 'The name stays'
                  : 'A DNS-1123 label; default, kube-* and karmada-* are reserved'
              }
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <FormTextField
              id="hmas-ns-team"
              label="Team"
              value={form.team}
              onChange={e => set({ team: e.target.value.trim() })}
              InputProps={{ readOnly: Boolean(editing) }}
              error={errorOf('team')}
              helperText={
                editing
                  ? 'The team stays'
                  : 'The owning group, e.g. group:default/ml-research'
              }
            />
          </Grid>
          <Grid item xs={12}>
            <FormTextField
              id="hmas-ns-description"
              label="Description"
              value={form.description}
              onChange={e => set({ description: e.target.value })}
              error={errorOf('description')}
              multiline
              minRows={2}
            />
          </Grid>
          <Grid item xs={12}>
            <FormControl
              component="fieldset"
              error={Boolean(quotaError)}
              fullWidth
            >
              <FormLabel component="legend">Quota per member cluster</FormLabel>
              <Typography variant="body2" color="textSecondary" gutterBottom>
                Every member cluster enforces it on the namespace. Set at least
                one.
              </Typography>
              <Grid container spacing={2}>
                <Grid item xs={6} sm={3}>
                  {quotaField('gpu', 'GPU', 'e.g. 4', 'number')}
                </Grid>
                <Grid item xs={6} sm={3}>
                  {quotaField('cpu', 'CPU', 'e.g. 64 or 500m', 'text')}
                </Grid>
                <Grid item xs={6} sm={3}>
                  {quotaField('memory', 'Memory', 'e.g. 512Gi', 'text')}
                </Grid>
                <Grid item xs={6} sm={3}>
                  {quotaField('pods', 'Pods', 'e.g. 50', 'number')}
                </Grid>
              </Grid>
              {quotaError && <FormHelperText>{quotaError}</FormHelperText>}
            </FormControl>
          </Grid>
          <Grid item xs={12}>
            <FormControl component="fieldset" error={Boolean(classesError)}>
              <FormLabel component="legend">Priority classes</FormLabel>
              <FormGroup>
                {PRIORITY_CLASS_PRESETS.map(p => (
                  <div key={p.name}>
                    <FormControlLabel
                      control={
                        <Checkbox
                          color="primary"
                          checked={form.priorityClasses.includes(p.name)}
                          onChange={e => toggle(p.name, e.target.checked)}
                          inputProps={{
                            'aria-describedby': `hmas-ns-class-${p.name}-description`,
                          }}
                        />
                      }
                      label={`${p.name} (${p.value.toLocaleString('en-US')})`}
                    />
                    <Typography
                      id={`hmas-ns-class-${p.name}-description`}
                      variant="caption"
                      color="textSecondary"
                      component="div"
                      style={{ marginLeft: 32, marginTop: -8 }}
                    >
                      {p.description}
                    </Typography>
                  </div>
                ))}
              </FormGroup>
              <FormHelperText>
                {classesError ??
                  'Deployments in the namespace may run at these; the highest is their default'}
              </FormHelperText>
            </FormControl>
          </Grid>
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
