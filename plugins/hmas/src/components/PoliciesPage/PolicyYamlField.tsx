import TextField from '@material-ui/core/TextField';

/**
 * The monospace text area of a policy's YAML; a syntax error (naming its line) replaces the
 * helper text.
 *
 * @internal
 */
export function PolicyYamlField(props: {
  id: string;
  value: string;
  onChange: (text: string) => void;
  syntaxError?: string;
  helperText: string;
}) {
  return (
    <TextField
      id={props.id}
      label="Policy YAML"
      multiline
      minRows={16}
      fullWidth
      variant="outlined"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      error={Boolean(props.syntaxError)}
      helperText={props.syntaxError ?? props.helperText}
      inputProps={{
        spellCheck: false,
        style: { fontFamily: 'monospace', whiteSpace: 'pre' },
      }}
    />
  );
}
