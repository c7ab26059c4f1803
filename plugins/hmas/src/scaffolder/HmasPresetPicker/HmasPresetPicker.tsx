import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useReloadable } from '../../hooks/useReloadable';
import { hmasApiRef } from '../../api';
import { presetSummary } from '../../presetText';
import { LoadError } from '../LoadError';
import { fieldBasics } from '../fieldBasics';
import { HMAS_PRESET_PICKER } from '../fieldNames';

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

/** The element id, title and description the preset picker has when the template gives none. */
const defaults = {
  id: 'hmas-preset',
  title: 'Policy preset',
  description:
    'Placement strategy, resource profile and failover the platform team offers',
};

const NONE = '';

/**
 * Picks a policy preset (placement strategy, resource profile, failover) that the platform
 * team offers; each shows its zone, replica scheduling and failover.
 *
 * @public
 */
export function HmasPresetPicker(props: HmasPresetPickerProps) {
  const { formData, onChange, required, disabled } = props;
  const { id, title, description, hasErrors } = fieldBasics(props, defaults);
  const hmasApi = useApi(hmasApiRef);
  const { value, loading, error, retry } = useReloadable(
    () => hmasApi.listPresets(),
    [hmasApi],
  );
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
      {loading && <Progress aria-label="Loading presets" />}
      <TextField
        id={id}
        select
        fullWidth
        margin="normal"
        label={title}
        required={required}
        disabled={disabled || loading}
        error={hasErrors}
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

/**
 * The `HmasPresetPicker` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasPresetPickerFormField = createFormField({
  name: HMAS_PRESET_PICKER,
  component: HmasPresetPicker,
  schema: HmasPresetPickerFieldSchema,
});
