import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import RefreshIcon from '@material-ui/icons/Refresh';

/**
 * Something (by default the clusters) could not be loaded: the error, and a way to try again without leaving the
 * form.
 *
 * @internal
 */
export function LoadError(props: {
  error: Error;
  onRetry: () => void;
  title?: string;
}) {
  return (
    <Box mb={1}>
      <ResponseErrorPanel
        error={props.error}
        title={props.title ?? 'Could not load the clusters from H-MAS'}
      />
      <Button
        size="small"
        startIcon={<RefreshIcon />}
        onClick={props.onRetry}
        style={{ marginTop: 4 }}
      >
        Retry
      </Button>
    </Box>
  );
}
