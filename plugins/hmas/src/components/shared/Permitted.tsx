import Tooltip from '@material-ui/core/Tooltip';
import { cloneElement, ReactElement } from 'react';
import type { HmasPermissionState } from '../../hooks/useHmasPermission';

/**
 * An action control (a button) that is disabled while its permission is being checked and
 * when it is refused; a refusal says why in a tooltip (on a wrapper, since a disabled button
 * fires no hover events). The backend answers 403 anyway; this only spares the attempt.
 *
 * @internal
 */
export function Permitted(props: {
  state: HmasPermissionState;
  children: ReactElement<{ disabled?: boolean }>;
}) {
  const { state, children } = props;
  const disabled = Boolean(children.props.disabled) || !state.allowed;
  const control = cloneElement(children, { disabled });
  if (!state.reason) return control;
  return (
    <Tooltip title={state.reason}>
      <span data-testid="hmas-not-permitted">{control}</span>
    </Tooltip>
  );
}
