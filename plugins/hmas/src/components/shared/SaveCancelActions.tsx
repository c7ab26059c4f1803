import Button, { ButtonProps } from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';
import { ReactNode } from 'react';

/**
 * The action row of a form dialog: a way back (Cancel by default) and the one contained
 * button that submits.
 *
 * @internal
 */
export function SaveCancelActions(props: {
  onCancel: () => void;
  cancelLabel?: string;
  cancelDisabled?: boolean;
  onSubmit: () => void;
  submitLabel: ReactNode;
  submitDisabled?: boolean;
  /** `secondary` for a destructive submit. */
  submitColor?: ButtonProps['color'];
}) {
  return (
    <DialogActions>
      <Button onClick={props.onCancel} disabled={props.cancelDisabled}>
        {props.cancelLabel ?? 'Cancel'}
      </Button>
      <Button
        color={props.submitColor ?? 'primary'}
        variant="contained"
        onClick={props.onSubmit}
        disabled={props.submitDisabled}
      >
        {props.submitLabel}
      </Button>
    </DialogActions>
  );
}
