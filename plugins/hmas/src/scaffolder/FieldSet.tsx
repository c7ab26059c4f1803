import FormControl from '@material-ui/core/FormControl';
import { ReactNode } from 'react';

/**
 * The fieldset a scaffolder field of several inputs renders in, full width with the form's
 * normal margin; its legend and inputs are the children.
 *
 * @internal
 */
export function FieldSet(props: {
  required?: boolean;
  disabled?: boolean;
  error: boolean;
  children: ReactNode;
}) {
  return (
    <FormControl
      component="fieldset"
      margin="normal"
      fullWidth
      required={props.required}
      disabled={props.disabled}
      error={props.error}
    >
      {props.children}
    </FormControl>
  );
}
