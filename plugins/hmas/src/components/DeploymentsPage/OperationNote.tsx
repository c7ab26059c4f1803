import Typography from '@material-ui/core/Typography';
import type { DeploymentOperationInfo } from '@h-mas/plugin-hmas-common';

const verbs: Record<DeploymentOperationInfo['kind'], string> = {
  create: 'Being created',
  update: 'Being changed',
  delete: 'Being deleted',
};

/**
 * What an unfinished create, update or delete of a deployment is doing (its journal's last
 * step), under its phase. A stopped one is finished or rolled back by the backend's recovery
 * task; a delete always succeeds.
 *
 * @internal
 */
export function OperationNote({
  operation,
}: {
  operation: DeploymentOperationInfo;
}) {
  const since = new Date(operation.heartbeatAt).toLocaleTimeString();
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      display="block"
      title={`Last step recorded at ${since}. If it stopped, the recovery task finishes or rolls it back; you can always delete the deployment.`}
    >
      {verbs[operation.kind]}
      {operation.step ? `: ${operation.step}` : ''}
    </Typography>
  );
}
