import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { serverMessage, statusOf } from '../PoliciesPage/errors';

/**
 * What failed, in a person's words, and what to do next, by the HTTP status the backend
 * answered (its message says why).
 *
 * @internal
 */
export function errorAdvice(error: unknown): { title: string; next: string } {
  const status = statusOf(error);
  switch (status) {
    case 401:
      return {
        title: 'You are signed out',
        next: 'Sign in again, then retry.',
      };
    case 403:
      return {
        title: 'Not allowed',
        next: 'Ask the platform team for the permission named above, or for them to make the change.',
      };
    case 404:
      return {
        title: 'Not found',
        next: 'It may have been deleted or renamed: go back to the list and open it again.',
      };
    case 409:
      return {
        title: 'Changed meanwhile',
        next: 'Someone or something changed it while you were looking: retry to see the current state.',
      };
    case 400:
    case 422:
      return {
        title: 'Refused as invalid',
        next: 'Fix what the message names and try again.',
      };
    case 429:
      return {
        title: 'Too many requests',
        next: 'Wait a moment and retry.',
      };
    case 502:
    case 503:
    case 504:
      return {
        title: 'Karmada or the cluster could not be reached',
        next: 'A cluster that is not Ready answers once it is Ready again; if Karmada itself is down, the platform team can check it. Retry in a moment.',
      };
    default:
      if (status !== undefined && status >= 500) {
        return {
          title: 'The H-MAS backend failed',
          next: 'Retry; if it keeps failing, the backend log names the cause.',
        };
      }
      return {
        title: 'The H-MAS backend could not be reached',
        next: 'Check your connection and retry.',
      };
  }
}

/**
 * A failed load in Backstage's WarningPanel: what failed (`what`), why (the backend's
 * message, not the generic "Request failed with 503"), what to do, and a Retry button when
 * the caller can retry.
 *
 * @internal
 */
export function ErrorPanel(props: {
  error: unknown;
  /** What could not be done, e.g. "GPU readiness could not be checked". */
  what?: string;
  onRetry?: () => void;
}) {
  const { title, next } = errorAdvice(props.error);
  return (
    <Box mb={2}>
      <WarningPanel
        severity="error"
        title={props.what ? `${props.what}: ${title}` : title}
        message={serverMessage(props.error)}
        defaultExpanded
      >
        <Box>
          <Typography variant="body2">{next}</Typography>
          {props.onRetry && (
            <Box mt={1}>
              <Button
                variant="outlined"
                startIcon={<RefreshIcon />}
                onClick={props.onRetry}
              >
                Retry
              </Button>
            </Box>
          )}
        </Box>
      </WarningPanel>
    </Box>
  );
}
