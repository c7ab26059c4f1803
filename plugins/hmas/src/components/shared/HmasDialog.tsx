import Dialog, { DialogProps } from '@material-ui/core/Dialog';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode } from 'react';

/**
 * An open, full-width dialog named by its title (`titleId` links the two for assistive
 * technology); the children follow the title.
 *
 * @internal
 */
export function HmasDialog(props: {
  titleId: string;
  title: ReactNode;
  onClose: () => void;
  maxWidth: DialogProps['maxWidth'];
  children: ReactNode;
}) {
  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth={props.maxWidth}
      aria-labelledby={props.titleId}
    >
      <DialogTitle id={props.titleId}>{props.title}</DialogTitle>
      {props.children}
    </Dialog>
  );
}
