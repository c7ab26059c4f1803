import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { hmasApiRef } from '../../api';
import { presetSummary } from '../../presetText';
import { LoadError } from '../LoadError';

/** The `ui:field` name of the preset picker. @public */
export const HMAS_PRESET_PICKER = 'HmasPresetPicker';

/**
 * Value of the preset picker: the id of an H-MAS policy preset, or empty for none. It has no
 * `ui:options`.
 *
 * @public
 */
export const HmasPresetPickerFieldSchema = makeFieldSchema({
  output: z => z.string(),
});

/** @public */
export type HmasPresetPickerProps = typeof HmasPresetPickerFieldSchema.TProps;

const NONE = '';

/**
 * Picks a policy preset (placement strategy, resource profile, failover) that the platform
 * team offers; each shows its zone, replica scheduling and failover.
 *
 * @public
 */
export function HmasPresetPicker(props: HmasPresetPickerProps) {
  const {
    formData,
    onChange,
    required,
    disabled,
    rawErrors,
    idSchema,
    schema: {
      title = 'Policy preset',
      description = 'Placement strategy, resource profile and failover the platform team offers',
    },
  } = props;
  const hmasApi = useApi(hmasApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => hmasApi.listPresets(),
    [hmasApi],
  );
  const id = idSchema?.$id ?? 'hmas-preset';
  const chosen = value?.find(p => p.id === formData);

  if (error) {
    return (
      <LoadError
        error={error}
        onRetry={retry}
        title="Could not load the policy presets from H-MAS"
      />
    );
  }
  return (
    <>
      {loading && <Progress />}
      <TextField
        id={id}
        select
        fullWidth
        margin="normal"
        label={title}
        required={required}
        disabled={disabled || loading}
        error={!!rawErrors?.length}
        value={value ? formData ?? NONE : NONE}
        onChange={e => onChange(e.target.value || undefined)}
        helperText={chosen ? presetSummary(chosen) : description}
        InputLabelProps={{ shrink: true }}
        SelectProps={{
          displayEmpty: true,
          renderValue: () =>
            chosen ? `${chosen.title} (${chosen.name})` : 'None',
        }}
      >
        <MenuItem value={NONE}>
          <ListItemText
            primary="None"
            secondary="The defaults: divided by available replicas, no failover"
          />
        </MenuItem>
        {(value ?? []).map(p => (
          <MenuItem key={p.id} value={p.id}>
            <ListItemText
              primary={`${p.title} (${p.name})`}
              secondary={presetSummary(p)}
            />
          </MenuItem>
        ))}
      </TextField>
    </>
  );
}
