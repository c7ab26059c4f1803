import {
  InfoCard,
  Progress,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { hmasApiRef } from '../../api';
import { ErrorPanel } from '../shared/ErrorPanel';

/**
 * Whether the H-MAS backend, its database and its Karmada connection are up.
 *
 * @internal
 */
export function HealthCard() {
  const hmasApi = useApi(hmasApiRef);
  const { value, loading, error } = useAsync(
    () => hmasApi.getHealth(),
    [hmasApi],
  );

  let content;
  if (loading) {
    content = <Progress aria-label="Checking health" />;
  } else if (error) {
    content = (
      <>
        <Typography paragraph>
          <StatusError>H-MAS backend unreachable</StatusError>
        </Typography>
        <ErrorPanel error={error} what="Platform status could not be read" />
      </>
    );
  } else if (value) {
    content = (
      <>
        <Typography paragraph>
          <StatusOK>Backend and database are up</StatusOK>
        </Typography>
        <Typography variant="body2">
          Karmada:{' '}
          {value.karmada.mode === 'embedded'
            ? 'embedded simulator (development only)'
            : 'remote API server'}
        </Typography>
      </>
    );
  }
  return <InfoCard title="Status">{content}</InfoCard>;
}
