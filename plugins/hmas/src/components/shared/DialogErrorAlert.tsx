import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';

/**
 * What went wrong (a message, or an error's message) as an error alert above what follows;
 * nothing when nothing did.
 *
 * @internal
 */
export function DialogErrorAlert(props: {
  error?: string | Error;
  /** The space below, in theme spacing units. */
  mb?: number;
}) {
  const { error, mb = 2 } = props;
  if (!error) return null;
  return (
    <Box mb={mb}>
      <Alert severity="error">
        {typeof error === 'string' ? error : error.message}
      </Alert>
    </Box>
  );
}
