import { BoxProps } from '@material-ui/core/Box';
import { PolicyFieldError } from '@h-mas/plugin-hmas-common';
import { FieldErrorList } from '../shared/FieldErrorList';

/**
 * The rules a policy breaks, each with its field (in a list named "Policy errors"); nothing
 * when there are none. The other props place the box.
 *
 * @internal
 */
export function PolicyErrors(props: { errors: PolicyFieldError[] } & BoxProps) {
  return (
    <FieldErrorList
      intro="The policy breaks Karmada's rules:"
      label="Policy errors"
      {...props}
    />
  );
}
