import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import DialogContent from '@material-ui/core/DialogContent';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  KarmadaPolicyObject,
  PlaceableZoneId,
  placeableZoneIds,
  validatePolicy,
  writablePolicy,
  zoneById,
} from '@h-mas/plugin-hmas-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { hmasApiRef } from '../../api';
import { useCoreLabelKeys, useLabelPrefix } from '../../hooks/useLabelPrefix';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { FormTextField } from '../shared/FormTextField';
import { HmasDialog } from '../shared/HmasDialog';
import { SaveCancelActions } from '../shared/SaveCancelActions';
import { ReplicaSchedulingField } from './ReplicaSchedulingField';
import { PolicyErrors } from './PolicyErrors';
import { PolicyHeading } from './PolicyHeading';
import {
  applyForm,
  buildPropagationPolicy,
  ClusterTarget,
  describeScheduling,
  FallbackGroup,
  fieldsOutsideForm,
  formErrors,
  initialForm,
  matchingClusters,
  PolicyForm,
} from './policyForm';
import { useCreatePolicy } from './useCreatePolicy';

function TargetPicker(props: {
  idPrefix: string;
  labelPrefix: string;
  target: ClusterTarget;
  clusterNames: string[];
  allowModeChange: boolean;
  onChange: (target: ClusterTarget) => void;
}) {
  const { idPrefix, target, onChange } = props;
  const tierKey = useCoreLabelKeys().gpuTier;
  return (
    <>
      {props.allowModeChange && (
        <TextField
          id={`${idPrefix}-by`}
          select
          label={`${props.labelPrefix}Clusters by`.trim()}
          size="small"
          variant="outlined"
          value={target.by}
          onChange={e =>
            onChange({ ...target, by: e.target.value as ClusterTarget['by'] })
          }
          style={{ minWidth: 140, marginRight: 8 }}
        >
          <MenuItem value="zone">Zone</MenuItem>
          <MenuItem value="clusters">Names</MenuItem>
        </TextField>
      )}
      {target.by === 'zone' ? (
        <TextField
          id={`${idPrefix}-zone`}
          select
          label={`${props.labelPrefix}Zone`.trim()}
          size="small"
          variant="outlined"
          value={target.zone}
          onChange={e =>
            onChange({ ...target, zone: e.target.value as PlaceableZoneId })
          }
          helperText={`Clusters labelled ${tierKey} of this zone`}
          style={{ minWidth: 220 }}
        >
          {placeableZoneIds.map(z => (
            <MenuItem key={z} value={z}>
              {zoneById(z).title}
            </MenuItem>
          ))}
        </TextField>
      ) : (
        <FormControl component="fieldset">
          <FormLabel component="legend">
            {`${props.labelPrefix}Clusters`.trim()}
          </FormLabel>
          <FormGroup row>
            {props.clusterNames.length === 0 && (
              <Typography variant="body2" color="textSecondary">
                No clusters registered.
              </Typography>
            )}
            {props.clusterNames.map(name => (
              <FormControlLabel
                key={name}
                label={name}
                control={
                  <Checkbox
                    checked={target.clusters.includes(name)}
                    onChange={e =>
                      onChange({
                        ...target,
                        clusters: e.target.checked
                          ? [...target.clusters, name]
                          : target.clusters.filter(c => c !== name),
                      })
                    }
                  />
                }
              />
            ))}
          </FormGroup>
        </FormControl>
      )}
    </>
  );
}

/** The fields of the selected resource, in the order the form shows them. */
const resourceKeys = ['apiVersion', 'kind', 'name'] as const;

/** Opens the form on an existing policy; its submit leads to a review of the changes. @internal */
export interface PolicyFormEdit {
  /** The policy as read from Karmada. */
  original: KarmadaPolicyObject;
  /** The form state to start from: the original's, or the last one reviewed. */
  form: PolicyForm;
  /** The server's answer to the last save (it names the field Karmada rejected). */
  error?: string;
  onReview: (proposed: KarmadaPolicyObject, form: PolicyForm) => void;
}

/**
 * The propagation policy form: the resource it selects, placement by zone, by cluster names
 * or an ordered fallback, replica scheduling, and a live preview of the clusters that match
 * now. Checked with Karmada's rules before the write. Without `edit` it creates a new
 * PropagationPolicy; with `edit` it is prefilled from an existing one (name and namespace
 * read-only) and merges its fields into it, keeping what the form does not show.
 *
 * @internal
 */
export function NewPolicyDialog(props: {
  onClose: () => void;
  onCreated?: (policy: KarmadaPolicyObject) => void;
  edit?: PolicyFormEdit;
}) {
  const { edit } = props;
  const hmasApi = useApi(hmasApiRef);
  const [form, setForm] = useState<PolicyForm>(edit?.form ?? initialForm);
  const [submitted, setSubmitted] = useState(Boolean(edit?.error));
  const creation = useCreatePolicy(props.onCreated, edit?.error);
  const clusterLabelPrefix = useLabelPrefix();
  const zoneGroups = useAsync(() => hmasApi.listZoneGroups(), [hmasApi]);
  const groups = useMemo(() => zoneGroups.value ?? [], [zoneGroups.value]);
  const clusterNames = useMemo(
    () => groups.flatMap(g => g.clusters.map(c => c.name)).sort(),
    [groups],
  );
  const original = edit?.original;
  const kept = useMemo(
    () => (original ? fieldsOutsideForm(original) : []),
    [original],
  );

  const policy = useMemo(
    () =>
      original
        ? applyForm(original, form, clusterLabelPrefix)
        : buildPropagationPolicy(form, clusterLabelPrefix),
    [original, form, clusterLabelPrefix],
  );
  const errors = useMemo(
    // Validated as it will be written: an edit keeps the original's status, never sent.
    () => [
      ...validatePolicy(writablePolicy(policy), original),
      ...formErrors(form),
    ],
    [policy, original, form],
  );
  const shownErrors = submitted ? errors : [];
  const errorOf = (field: string) =>
    shownErrors.find(e => e.field === field)?.message;

  const preview: Array<{ label: string; clusters: string[] }> =
    form.mode === 'fallback'
      ? form.groups.map((g, i) => ({
          label: `${i + 1}. ${g.affinityName || '(unnamed)'}`,
          clusters: matchingClusters(g, groups),
        }))
      : [
          {
            label: 'Placement',
            clusters: matchingClusters(
              {
                ...form.target,
                by: form.mode === 'zone' ? 'zone' : 'clusters',
              },
              groups,
            ),
          },
        ];

  const set = (patch: Partial<PolicyForm>) =>
    setForm(f => ({ ...f, ...patch }));
  const setResource = (patch: Partial<PolicyForm['resource']>) =>
    setForm(f => ({ ...f, resource: { ...f.resource, ...patch } }));
  const setGroup = (index: number, group: FallbackGroup) =>
    setForm(f => ({
      ...f,
      groups: f.groups.map((g, i) => (i === index ? group : g)),
    }));

  const submit = async () => {
    setSubmitted(true);
    creation.clearError();
    if (errors.length > 0) return;
    if (edit) {
      edit.onReview(policy, form);
      return;
    }
    await creation.create(policy);
  };

  let submitLabel = creation.saving ? 'Creating…' : 'Create policy';
  if (original) submitLabel = 'Review changes';

  const text = (
    id: string,
    label: string,
    value: string,
    onChange: (v: string) => void,
    field: string,
    helperText?: string,
    readOnly = false,
  ) => (
    <FormTextField
      id={id}
      label={label}
      value={value}
      onChange={e => onChange(e.target.value)}
      error={errorOf(field)}
      helperText={helperText}
      InputProps={{ readOnly }}
    />
  );

  /** The policy's name or namespace; an edit cannot change either. */
  const metadataText = (key: 'name' | 'namespace', label: string) =>
    text(
      `hmas-policy-${key}`,
      label,
      form[key],
      v => set(key === 'name' ? { name: v.trim() } : { namespace: v.trim() }),
      `metadata.${key}`,
      original && key === 'name' ? 'An edit cannot rename a policy' : undefined,
      Boolean(original),
    );

  return (
    <HmasDialog
      titleId="hmas-new-policy-title"
      title={original ? 'Edit propagation policy' : 'New propagation policy'}
      onClose={props.onClose}
      maxWidth="md"
    >
      <DialogContent dividers>
        {original && <PolicyHeading policy={original} />}
        <DialogErrorAlert error={creation.error} />
        <PolicyErrors errors={shownErrors} mb={2} />
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            {metadataText('name', 'Name')}
          </Grid>
          {(!original || original.metadata.namespace) && (
            <Grid item xs={12} sm={6}>
              {metadataText('namespace', 'Namespace')}
            </Grid>
          )}
          <Grid item xs={12}>
            <Typography variant="subtitle2">Selects</Typography>
          </Grid>
          {resourceKeys.map(key => (
            <Grid item xs={12} sm={4} key={key}>
              {text(
                `hmas-policy-resource-${key.toLowerCase()}`,
                `Resource ${key}`,
                form.resource[key],
                v => setResource({ [key]: v.trim() }),
                `spec.resourceSelectors[0].${key}`,
                key === 'name'
                  ? 'Empty selects every resource of this kind'
                  : undefined,
              )}
            </Grid>
          ))}
          <Grid item xs={12}>
            <TextField
              id="hmas-policy-mode"
              select
              label="Placement"
              size="small"
              variant="outlined"
              value={form.mode}
              onChange={e =>
                set({ mode: e.target.value as PolicyForm['mode'] })
              }
              style={{ minWidth: 260 }}
            >
              <MenuItem value="zone">By zone</MenuItem>
              <MenuItem value="clusters">By cluster names</MenuItem>
              <MenuItem value="fallback">Ordered fallback</MenuItem>
            </TextField>
          </Grid>
          <Grid item xs={12}>
            {form.mode !== 'fallback' && (
              <TargetPicker
                idPrefix="hmas-policy-target"
                labelPrefix=""
                target={{
                  ...form.target,
                  by: form.mode === 'zone' ? 'zone' : 'clusters',
                }}
                clusterNames={clusterNames}
                allowModeChange={false}
                onChange={t => set({ target: t })}
              />
            )}
            {form.mode === 'fallback' && (
              <>
                {form.groups.map((g, i) => (
                  <Paper
                    key={i}
                    variant="outlined"
                    style={{ padding: 12, marginBottom: 8 }}
                  >
                    <Box display="flex" alignItems="flex-start" flexWrap="wrap">
                      <TextField
                        id={`hmas-policy-group-${i}-name`}
                        label={`Group ${i + 1} affinityName`}
                        size="small"
                        variant="outlined"
                        value={g.affinityName}
                        onChange={e =>
                          setGroup(i, { ...g, affinityName: e.target.value })
                        }
                        error={Boolean(
                          errorOf(
                            `spec.placement.clusterAffinities[${i}].affinityName`,
                          ),
                        )}
                        style={{ marginRight: 8 }}
                      />
                      <TargetPicker
                        idPrefix={`hmas-policy-group-${i}`}
                        labelPrefix={`Group ${i + 1} `}
                        target={g}
                        clusterNames={clusterNames}
                        allowModeChange
                        onChange={t => setGroup(i, { ...g, ...t })}
                      />
                      <Box flexGrow={1} />
                      <Button
                        size="small"
                        onClick={() =>
                          set({
                            groups: form.groups.filter((_g, j) => j !== i),
                          })
                        }
                      >
                        Remove group {i + 1}
                      </Button>
                    </Box>
                  </Paper>
                ))}
                <Button
                  size="small"
                  onClick={() =>
                    set({
                      groups: [
                        ...form.groups,
                        {
                          affinityName: `fallback-${form.groups.length}`,
                          by: 'zone',
                          zone: 'gpu-general',
                          clusters: [],
                        },
                      ],
                    })
                  }
                >
                  Add fallback group
                </Button>
              </>
            )}
          </Grid>
          <Grid item xs={12}>
            <ReplicaSchedulingField
              name="hmas-policy-scheduling"
              value={form.scheduling}
              onChange={value => set({ scheduling: value })}
              keptLabel={
                original && edit?.form.scheduling === 'kept'
                  ? `As it is (${describeScheduling(original)})`
                  : undefined
              }
            />
          </Grid>
          <Grid item xs={12}>
            <Paper variant="outlined" style={{ padding: 12 }}>
              <Typography variant="subtitle2" id="hmas-policy-preview-title">
                Matches now
              </Typography>
              {zoneGroups.loading && <Progress aria-label="Loading zones" />}
              {zoneGroups.error && (
                <Alert severity="warning">
                  Could not load the clusters: {zoneGroups.error.message}
                </Alert>
              )}
              <ul aria-labelledby="hmas-policy-preview-title">
                {preview.map(p => (
                  <li key={p.label}>
                    {p.label}:{' '}
                    {p.clusters.length > 0
                      ? p.clusters.join(', ')
                      : 'no cluster matches now'}
                  </li>
                ))}
              </ul>
            </Paper>
          </Grid>
          {kept.length > 0 && (
            <Grid item xs={12}>
              <Alert severity="info">
                Kept as they are (the form does not show them; Edit YAML does):{' '}
                {kept.join(', ')}
              </Alert>
            </Grid>
          )}
        </Grid>
      </DialogContent>
      <SaveCancelActions
        onCancel={props.onClose}
        onSubmit={submit}
        submitLabel={submitLabel}
        submitDisabled={creation.saving}
      />
    </HmasDialog>
  );
}
