import Button from '@material-ui/core/Button';
import AddIcon from '@material-ui/icons/Add';
import { ReactNode } from 'react';

/**
 * The button of a page or section that starts adding something (a cluster, a policy, a
 * preset).
 *
 * @internal
 */
export function AddButton(props: {
  onClick: () => void;
  variant?: 'contained' | 'outlined';
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Button
      variant={props.variant ?? 'contained'}
      color="primary"
      startIcon={<AddIcon />}
      onClick={props.onClick}
      disabled={props.disabled}
    >
      {props.children}
    </Button>
  );
}
