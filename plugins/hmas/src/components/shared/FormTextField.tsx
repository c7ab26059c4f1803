import TextField, { OutlinedTextFieldProps } from '@material-ui/core/TextField';

/**
 * A small, outlined, full-width form field whose error message, when it has one, replaces
 * its helper text.
 *
 * @internal
 */
export function FormTextField(
  props: Omit<OutlinedTextFieldProps, 'variant' | 'error'> & {
    error?: string;
  },
) {
  const { error, helperText, ...field } = props;
  return (
    <TextField
      size="small"
      fullWidth
      {...field}
      variant="outlined"
      error={Boolean(error)}
      helperText={error ?? helperText}
    />
  );
}
