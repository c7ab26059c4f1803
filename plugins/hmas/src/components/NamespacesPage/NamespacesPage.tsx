import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  hmasNamespaceCreatePermission,
  hmasNamespaceDeletePermission,
  hmasNamespaceUpdatePermission,
  TeamNamespace,
  TeamNamespaceState,
  teamQuotaText,
} from '@h-mas/plugin-hmas-common';
import { useState } from 'react';
import { useReloadable } from '../../hooks/useReloadable';
import { hmasApiRef } from '../../api';
import { useHmasPermission } from '../../hooks/useHmasPermission';
import { serverMessage } from '../PoliciesPage/errors';
import { AddButton } from '../shared/AddButton';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { DataTable } from '../shared/DataTable';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { Permitted } from '../shared/Permitted';
import { reportedUse } from './quotaText';
import { TeamNamespaceDialog } from './TeamNamespaceDialog';
import { useConfirm } from '../shared/useConfirm';

const stateText: Record<TeamNamespaceState, string> = {
  creating: 'Creating',
  active: 'Active',
  deleting: 'Deleting',
};

const useStyles = makeStyles(theme => ({
  // The theme's error.main is below WCAG AA contrast for body text on the table's rows.
  unavailable: { color: theme.palette.error.dark },
}));

/** The quota use of a namespace on each member cluster that reports one. */
function UseCell({ ns }: { ns: TeamNamespace }) {
  const classes = useStyles();
  const use = reportedUse(ns.usage);
  if (use.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No cluster reports the quota yet
      </Typography>
    );
  }
  return (
    <>
      {use.map(u =>
        u.error ? (
          <Typography
            key={u.cluster}
            variant="body2"
            className={classes.unavailable}
          >
            {u.cluster}: use unavailable ({u.error})
          </Typography>
        ) : (
          <Typography key={u.cluster} variant="body2">
            {u.cluster}: {u.text}
          </Typography>
        ),
      )}
    </>
  );
}

/**
 * The team namespaces the platform team defines (F-5.4): each with its team, its
 * ResourceQuota per member cluster, the priority classes it allows and the quota use on
 * every member; create, edit and delete for those the permission policy lets.
 *
 * @internal
 */
export function NamespacesPage() {
  const confirm = useConfirm();
  const hmasApi = useApi(hmasApiRef);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<TeamNamespace | undefined>();
  const [toDelete, setToDelete] = useState<TeamNamespace | undefined>();
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | undefined>();
  const mayCreate = useHmasPermission(hmasNamespaceCreatePermission, {
    what: 'define team namespaces (the platform team may)',
  });
  const mayUpdate = useHmasPermission(hmasNamespaceUpdatePermission, {
    what: 'change team namespaces (the platform team may)',
  });
  const mayDelete = useHmasPermission(hmasNamespaceDeletePermission, {
    what: 'delete team namespaces (the platform team may)',
  });
  const { value, loading, error, retry } = useReloadable(
    () => hmasApi.listTeamNamespaces({ usage: true }),
    [hmasApi],
  );

  const remove = async (ns: TeamNamespace) => {
    setToDelete(undefined);
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await hmasApi.deleteTeamNamespace(ns.name);
      retry();
    } catch (e) {
      setDeleteError(
        `Could not delete team namespace ${ns.name}: ${serverMessage(e)}`,
      );
    } finally {
      setDeleting(false);
    }
  };

  const closeDialog = () => {
    setCreating(false);
    setEditing(undefined);
  };

  const columns: TableColumn<TeamNamespace>[] = [
    { title: 'Name', field: 'name', highlight: true },
    {
      title: 'Team',
      render: ns => (
        <>
          {ns.team}
          {ns.description && (
            <Typography variant="body2" color="textSecondary" component="div">
              {ns.description}
            </Typography>
          )}
        </>
      ),
    },
    { title: 'Quota', render: ns => teamQuotaText(ns.quota) },
    { title: 'Priority classes', render: ns => ns.priorityClasses.join(', ') },
    { title: 'Use', render: ns => <UseCell ns={ns} /> },
    { title: 'State', render: ns => stateText[ns.state] ?? ns.state },
    {
      title: 'Actions',
      render: ns => (
        <Box whiteSpace="nowrap">
          <Permitted state={mayUpdate}>
            <Button
              size="small"
              disabled={ns.state !== 'active'}
              onClick={() => setEditing(ns)}
              aria-label={`Edit team namespace ${ns.name}`}
            >
              Edit
            </Button>
          </Permitted>
          <Permitted state={mayDelete}>
            <Button
              size="small"
              color="secondary"
              disabled={deleting}
              onClick={() => setToDelete(ns)}
              aria-label={`Delete team namespace ${ns.name}`}
            >
              Delete
            </Button>
          </Permitted>
        </Box>
      ),
    },
  ];

  return (
    <>
      <Box display="flex" alignItems="center" mb={2}>
        {/* On the page's grey, secondary text is below WCAG AA contrast. */}
        <Typography variant="body2">
          Each team namespace has a ResourceQuota on every member cluster and
          the priority classes its deployments may use. A deployment that would
          exceed the quota is refused before anything is written.
        </Typography>
        <Box flexGrow={1} />
        <Permitted state={mayCreate}>
          <AddButton onClick={() => setCreating(true)}>
            New team namespace
          </AddButton>
        </Permitted>
      </Box>
      <DialogErrorAlert error={deleteError} mb={1} />
      <DataTable<TeamNamespace>
        title="Team namespaces"
        error={error}
        isLoading={loading && !value}
        columns={columns}
        data={value ?? []}
        emptyTitle="No team namespaces yet"
        emptyDescription="A team namespace gives a team a ResourceQuota (GPU, CPU, memory, pods) on every member cluster and the priority classes its deployments may run at."
      />
      {(creating || editing) && (
        <TeamNamespaceDialog
          key={editing?.name ?? 'new'}
          namespace={editing}
          onClose={closeDialog}
          onSaved={() => {
            confirm(
              editing
                ? `Team namespace ${editing.name} updated`
                : 'Team namespace created on every cluster',
            );
            closeDialog();
            retry();
          }}
        />
      )}
      <ConfirmDialog
        open={toDelete !== undefined}
        title={`Delete team namespace ${toDelete?.name ?? ''}?`}
        confirmLabel="Delete team namespace"
        busy={deleting}
        onCancel={() => setToDelete(undefined)}
        onConfirm={() => toDelete && remove(toDelete)}
      >
        This removes the namespace, its quota and its propagation policy from
        every member cluster. A namespace that still holds deployments cannot be
        deleted.
      </ConfirmDialog>
    </>
  );
}
