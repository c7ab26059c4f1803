import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';

/**
 * The replica scheduling choice of the policy and preset forms: Duplicated, or Divided by
 * available replicas; `kept` adds a third option that leaves what a policy has.
 *
 * @internal
 */
export function ReplicaSchedulingField<T extends string>(props: {
  name: string;
  value: T;
  onChange: (value: T) => void;
  /** Label of an option that keeps the current scheduling (value `kept`), when shown. */
  keptLabel?: string;
}) {
  return (
    <FormControl component="fieldset">
      <FormLabel component="legend">Replica scheduling</FormLabel>
      <RadioGroup
        row
        name={props.name}
        value={props.value}
        onChange={e => props.onChange(e.target.value as T)}
      >
        <FormControlLabel
          value="Duplicated"
          control={<Radio />}
          label="Duplicated (every cluster runs all replicas)"
        />
        <FormControlLabel
          value="Divided"
          control={<Radio />}
          label="Divided by available replicas"
        />
        {props.keptLabel && (
          <FormControlLabel
            value="kept"
            control={<Radio />}
            label={props.keptLabel}
          />
        )}
      </RadioGroup>
    </FormControl>
  );
}
