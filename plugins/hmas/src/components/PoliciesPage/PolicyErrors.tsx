import Box, { BoxProps } from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { PolicyFieldError } from '@h-mas/plugin-hmas-common';

/**
 * The rules a policy breaks, each with its field (in a list named "Policy errors"); nothing
 * when there are none. The other props place the box.
 *
 * @internal
 */
export function PolicyErrors(props: { errors: PolicyFieldError[] } & BoxProps) {
  const { errors, ...box } = props;
  if (errors.length === 0) return null;
  return (
    <Box {...box}>
      <Alert severity="error">
        The policy breaks Karmada&apos;s rules:
        <ul aria-label="Policy errors">
          {errors.map(e => (
            <li key={`${e.field}:${e.message}`}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      </Alert>
    </Box>
  );
}
