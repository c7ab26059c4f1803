import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { KarmadaPolicyObject } from '@h-mas/plugin-hmas-common';
import { ReactNode } from 'react';
import { policyRef } from './policyRef';

/**
 * The line above an edit of a policy: its kind and reference, then what the children add.
 *
 * @internal
 */
export function PolicyHeading(props: {
  policy: KarmadaPolicyObject;
  children?: ReactNode;
}) {
  const { policy } = props;
  return (
    <Box mb={2}>
      <Typography variant="body2" color="textSecondary">
        {policy.kind} {policyRef(policy.metadata)}
        {props.children}
      </Typography>
    </Box>
  );
}
