import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import DialogContent from '@material-ui/core/DialogContent';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import {
  ClusterInfo,
  clusterRegistrationSchema,
  labelValueError,
  recommendedGpuTypes,
  registrationZones,
  zoneById,
} from '@h-mas/plugin-hmas-common';
import { KeyboardEvent, useState } from 'react';
import { hmasApiRef } from '../../api';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { HmasDialog } from '../shared/HmasDialog';
import { SaveCancelActions } from '../shared/SaveCancelActions';

const zoneLabels: Record<(typeof registrationZones)[number], string> = {
  'gpu-high': zoneById('gpu-high').title,
  'gpu-general': zoneById('gpu-general').title,
  'cpu-only': zoneById('cpu-only').title,
  none: 'None (Unclassified)',
};

/**
 * Why a custom GPU type cannot be added, or `undefined` when it can: trimmed and lowercased,
 * not empty, a valid label value, not already chosen.
 *
 * @internal
 */
export function customGpuTypeError(
  input: string,
  chosen: string[],
): string | undefined {
  const type = input.trim().toLowerCase();
  if (!type) return 'Type a GPU type first';
  if (chosen.includes(type)) return `${type} is already chosen`;
  return labelValueError(type);
}

/** @internal */
export interface RegisterClusterDialogProps {
  onClose: () => void;
  onRegistered: (cluster: ClusterInfo) => void;
}

/**
 * Registers a member cluster with Karmada: name, API endpoint, sync mode, zone and GPU types
 * (presets plus custom ones).
 *
 * @internal
 */
export function RegisterClusterDialog(props: RegisterClusterDialogProps) {
  const hmasApi = useApi(hmasApiRef);
  const [name, setName] = useState('');
  const [apiEndpoint, setApiEndpoint] = useState('');
  const [syncMode, setSyncMode] = useState<'Push' | 'Pull'>('Push');
  const [zone, setZone] =
    useState<(typeof registrationZones)[number]>('gpu-general');
  const [gpuTypes, setGpuTypes] = useState<string[]>([]);
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState<string | undefined>();
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | undefined>();

  const input = { name, apiEndpoint, syncMode, zone, gpuTypes };
  const parsed = clusterRegistrationSchema.safeParse(input);
  const fieldErrors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      fieldErrors[field] ??= issue.message;
    }
  }
  const show = (field: string) => (submitted ? fieldErrors[field] : undefined);
  const customTypes = gpuTypes.filter(t => !recommendedGpuTypes.includes(t));

  const togglePreset = (type: string) =>
    setGpuTypes(current =>
      current.includes(type)
        ? current.filter(t => t !== type)
        : [...current, type],
    );

  const addCustom = () => {
    const error = customGpuTypeError(custom, gpuTypes);
    setCustomError(error);
    if (!error) {
      setGpuTypes(current => [...current, custom.trim().toLowerCase()]);
      setCustom('');
    }
  };

  const onCustomKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addCustom();
    }
  };

  const submit = async () => {
    setSubmitted(true);
    setServerError(undefined);
    if (!parsed.success) return;
    setSaving(true);
    try {
      props.onRegistered(await hmasApi.registerCluster(parsed.data));
    } catch (e) {
      setServerError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  /** A required text field of the registration; `field` is its name in the schema. */
  const required = (
    field: 'name' | 'apiEndpoint',
    id: string,
    label: string,
    value: string,
    onChange: (v: string) => void,
    extra: { helperText: string; placeholder?: string },
  ) => (
    <TextField
      id={id}
      label={label}
      required
      fullWidth
      margin="dense"
      variant="outlined"
      placeholder={extra.placeholder}
      value={value}
      onChange={e => onChange(e.target.value)}
      error={!!show(field)}
      helperText={show(field) ?? extra.helperText}
    />
  );

  return (
    <HmasDialog
      titleId="register-title"
      title="Register a cluster"
      onClose={props.onClose}
      maxWidth="sm"
    >
      <DialogContent dividers>
        <DialogErrorAlert error={serverError} />
        {required('name', 'hmas-register-name', 'Name', name, setName, {
          helperText: 'DNS-1123 label, at most 48 characters',
        })}
        {required(
          'apiEndpoint',
          'hmas-register-api-endpoint',
          'API endpoint',
          apiEndpoint,
          setApiEndpoint,
          {
            helperText: ' ',
            placeholder: 'https://member-cluster.example:6443',
          },
        )}
        <TextField
          id="hmas-register-sync-mode"
          select
          label="Sync mode"
          fullWidth
          margin="dense"
          variant="outlined"
          value={syncMode}
          onChange={e => setSyncMode(e.target.value as 'Push' | 'Pull')}
          helperText="Push: Karmada reaches the cluster. Pull: an agent in the cluster reaches Karmada."
        >
          <MenuItem value="Push">Push</MenuItem>
          <MenuItem value="Pull">Pull</MenuItem>
        </TextField>
        <FormControl component="fieldset" margin="dense">
          <FormLabel component="legend">Zone</FormLabel>
          <RadioGroup
            row
            value={zone}
            onChange={e =>
              setZone(e.target.value as (typeof registrationZones)[number])
            }
          >
            {registrationZones.map(z => (
              <FormControlLabel
                key={z}
                value={z}
                control={<Radio />}
                label={zoneLabels[z]}
              />
            ))}
          </RadioGroup>
        </FormControl>
        <FormControl
          component="fieldset"
          margin="dense"
          fullWidth
          error={!!show('gpuTypes')}
        >
          <FormLabel component="legend">GPU types</FormLabel>
          <Box mt={1}>
            {recommendedGpuTypes.map(t => (
              <Chip
                key={t}
                label={t}
                clickable
                color={gpuTypes.includes(t) ? 'primary' : 'default'}
                variant={gpuTypes.includes(t) ? 'default' : 'outlined'}
                onClick={() => togglePreset(t)}
                aria-pressed={gpuTypes.includes(t)}
                style={{ margin: 2 }}
              />
            ))}
            {customTypes.map(t => (
              <Chip
                key={t}
                label={t}
                color="secondary"
                onDelete={() =>
                  setGpuTypes(current => current.filter(c => c !== t))
                }
                style={{ margin: 2 }}
                data-testid={`custom-gpu-type-${t}`}
              />
            ))}
          </Box>
          <Box display="flex" alignItems="flex-start" mt={1}>
            <TextField
              id="hmas-register-custom-gpu-type"
              label="Custom GPU type"
              size="small"
              variant="outlined"
              value={custom}
              onChange={e => {
                setCustom(e.target.value);
                setCustomError(undefined);
              }}
              onKeyDown={onCustomKey}
              error={!!customError}
              helperText={customError ?? 'Press Enter to add, e.g. mi300x'}
            />
            <Button onClick={addCustom} style={{ marginLeft: 8, marginTop: 4 }}>
              Add
            </Button>
          </Box>
          {show('gpuTypes') && (
            <FormHelperText>{show('gpuTypes')}</FormHelperText>
          )}
        </FormControl>
      </DialogContent>
      <SaveCancelActions
        onCancel={props.onClose}
        onSubmit={submit}
        submitLabel={saving ? 'Registering…' : 'Register'}
        submitDisabled={saving}
      />
    </HmasDialog>
  );
}
