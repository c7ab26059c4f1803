import Box, { BoxProps } from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';

/**
 * An error alert listing the fields of a form that are wrong, each with its message, in a
 * list named `label`; nothing when there are none. The other props place the box.
 *
 * @internal
 */
export function FieldErrorList(
  props: {
    errors: Array<{ field: string; message: string }>;
    /** What the list is about, before it. */
    intro: ReactNode;
    label: string;
  } & BoxProps,
) {
  const { errors, intro, label, ...box } = props;
  if (errors.length === 0) return null;
  return (
    <Box {...box}>
      <Alert severity="error">
        {intro}
        <ul aria-label={label}>
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
