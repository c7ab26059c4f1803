import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode } from 'react';
import { SaveCancelActions } from './SaveCancelActions';

/**
 * A confirmation for a destructive action.
 *
 * @internal
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Dialog
      open={props.open}
      onClose={props.onCancel}
      aria-labelledby="hmas-confirm-title"
    >
      <DialogTitle id="hmas-confirm-title">{props.title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{props.children}</DialogContentText>
      </DialogContent>
      <SaveCancelActions
        onCancel={props.onCancel}
        onSubmit={props.onConfirm}
        submitLabel={props.confirmLabel}
        submitDisabled={props.busy}
        submitColor="secondary"
      />
    </Dialog>
  );
}
