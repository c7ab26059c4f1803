import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useState } from 'react';
import { useReloadable } from '../../hooks/useReloadable';
import { hmasApiRef } from '../../api';
import { ClusterDialog } from '../ClusterDialog';
import { RegisterClusterDialog } from '../RegisterClusterDialog';
import { AddButton } from '../shared/AddButton';
import { ZoneGroupCard } from './ZoneGroupCard';
import { hmasClusterCreatePermission } from '@h-mas/plugin-hmas-common';
import { useHmasPermission } from '../../hooks/useHmasPermission';
import { Permitted } from '../shared/Permitted';
import { ErrorPanel } from '../shared/ErrorPanel';
import { useConfirm } from '../shared/useConfirm';

/**
 * The cluster catalog: Karmada member clusters grouped by zone, with the cluster dialog and
 * the registration form.
 *
 * @public
 */
export function ClustersPage() {
  const confirm = useConfirm();
  const hmasApi = useApi(hmasApiRef);
  const [open, setOpen] = useState<string | undefined>();
  const [registering, setRegistering] = useState(false);
  const { value, loading, error, retry } = useReloadable(
    () => hmasApi.listZoneGroups(),
    [hmasApi],
  );

  const mayRegister = useHmasPermission(hmasClusterCreatePermission, {
    what: 'register clusters',
  });
  const total = value?.reduce((n, g) => n + g.clusters.length, 0) ?? 0;

  let content;
  if (error) {
    content = (
      <ErrorPanel
        error={error}
        what="The clusters could not be read from Karmada"
        onRetry={retry}
      />
    );
  } else if (!value) {
    content = <Progress aria-label="Loading clusters" />;
  } else if (total === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No clusters joined to Karmada yet"
        description="Register a member cluster here, or join one with karmadactl; it appears in its zone once Karmada knows it."
        action={
          <Permitted state={mayRegister}>
            <Button
              variant="contained"
              color="primary"
              onClick={() => setRegistering(true)}
            >
              Register a cluster
            </Button>
          </Permitted>
        }
      />
    );
  } else {
    content = (
      <Grid container spacing={3}>
        {value.map(group => (
          <Grid item xs={12} key={group.zone}>
            <ZoneGroupCard group={group} onOpenCluster={setOpen} />
          </Grid>
        ))}
      </Grid>
    );
  }

  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Button
          startIcon={<RefreshIcon />}
          onClick={retry}
          disabled={loading}
          style={{ marginRight: 8 }}
        >
          Refresh
        </Button>
        <Permitted state={mayRegister}>
          <AddButton onClick={() => setRegistering(true)}>
            Register cluster
          </AddButton>
        </Permitted>
      </Box>
      {content}
      {open && (
        <ClusterDialog
          name={open}
          onClose={() => setOpen(undefined)}
          onChanged={retry}
        />
      )}
      {registering && (
        <RegisterClusterDialog
          onClose={() => setRegistering(false)}
          onRegistered={() => {
            confirm(
              'Cluster registered with Karmada: it shows Ready once Karmada reaches it',
            );
            setRegistering(false);
            retry();
          }}
        />
      )}
    </>
  );
}
