import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/**
 * A filter of a list: a small select whose first choice, All, is the empty value.
 *
 * @internal
 */
export function FilterSelect<V extends string>(props: {
  id: string;
  label: string;
  value: V | '';
  onChange: (value: V | '') => void;
  /** Each choice's value and text. */
  options: ReadonlyArray<readonly [V, string]>;
  minWidth: number;
}) {
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      size="small"
      variant="outlined"
      value={props.value}
      onChange={e => props.onChange(e.target.value as V | '')}
      style={{ minWidth: props.minWidth, marginRight: 8 }}
    >
      <MenuItem value="">All</MenuItem>
      {props.options.map(([v, text]) => (
        <MenuItem key={v} value={v}>
          {text}
        </MenuItem>
      ))}
    </TextField>
  );
}
