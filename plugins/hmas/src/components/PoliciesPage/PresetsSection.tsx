import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { PolicyPreset, zoneById } from '@h-mas/plugin-hmas-common';
import { useState } from 'react';
import { useReloadable } from '../../hooks/useReloadable';
import { hmasApiRef } from '../../api';
import { presetFailover, presetScheduling } from '../../presetText';
import { AddButton } from '../shared/AddButton';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { DataTable } from '../shared/DataTable';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { PresetDialog } from './PresetDialog';
import {
  hmasPolicyCreatePermission,
  hmasPolicyDeletePermission,
  hmasPolicyUpdatePermission,
} from '@h-mas/plugin-hmas-common';
import { useHmasPermission } from '../../hooks/useHmasPermission';
import { Permitted } from '../shared/Permitted';
import { useConfirm } from '../shared/useConfirm';

/**
 * The policy presets platform teams offer to deployments: list, create, edit, delete.
 *
 * @internal
 */
export function PresetsSection() {
  const confirm = useConfirm();
  const hmasApi = useApi(hmasApiRef);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<PolicyPreset | undefined>();
  const [toDelete, setToDelete] = useState<PolicyPreset | undefined>();
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<Error | undefined>();
  // Presets are governed by the policy permissions (platform admins).
  const mayCreate = useHmasPermission(hmasPolicyCreatePermission, {
    what: 'create presets (platform admins may)',
  });
  const mayUpdate = useHmasPermission(hmasPolicyUpdatePermission, {
    what: 'change presets (platform admins may)',
  });
  const mayDelete = useHmasPermission(hmasPolicyDeletePermission, {
    what: 'delete presets (platform admins may)',
  });
  const { value, loading, error, retry } = useReloadable(
    () => hmasApi.listPresets(),
    [hmasApi],
  );

  const remove = async (preset: PolicyPreset) => {
    setToDelete(undefined);
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await hmasApi.deletePreset(preset.id);
      retry();
    } catch (e) {
      setDeleteError(e as Error);
    } finally {
      setDeleting(false);
    }
  };

  const columns: TableColumn<PolicyPreset>[] = [
    { title: 'Name', field: 'name', highlight: true },
    { title: 'Title', field: 'title' },
    {
      title: 'Zone',
      render: p =>
        p.placement.zone ? zoneById(p.placement.zone).title : 'Any',
    },
    { title: 'Replicas', render: presetScheduling },
    { title: 'Failover', render: presetFailover },
    { title: 'Created by', field: 'createdBy' },
    {
      title: 'Actions',
      render: p => (
        <>
          <Permitted state={mayUpdate}>
            <Button
              size="small"
              onClick={() => setEditing(p)}
              aria-label={`Edit preset ${p.name}`}
            >
              Edit
            </Button>
          </Permitted>
          <Permitted state={mayDelete}>
            <Button
              size="small"
              color="secondary"
              disabled={deleting}
              onClick={() => setToDelete(p)}
              aria-label={`Delete preset ${p.name}`}
            >
              Delete
            </Button>
          </Permitted>
        </>
      ),
    },
  ];

  return (
    <>
      <Box display="flex" alignItems="center" mb={1}>
        <Box flexGrow={1} />
        <Permitted state={mayCreate}>
          <AddButton variant="outlined" onClick={() => setCreating(true)}>
            New preset
          </AddButton>
        </Permitted>
      </Box>
      <DialogErrorAlert error={deleteError} mb={1} />
      <DataTable<PolicyPreset>
        title="Policy presets"
        error={error}
        isLoading={loading && !value}
        columns={columns}
        data={value ?? []}
        paged={false}
        emptyTitle="No policy presets yet"
        emptyDescription="A preset bundles placement, replica scheduling and failover that deployments can pick."
      />
      {(creating || editing) && (
        <PresetDialog
          key={editing?.id ?? 'new'}
          preset={editing}
          onClose={() => {
            setCreating(false);
            setEditing(undefined);
          }}
          onCreated={preset => {
            confirm(
              editing
                ? `Preset ${preset.name} saved`
                : `Preset ${preset.name} created`,
            );
            setCreating(false);
            setEditing(undefined);
            retry();
          }}
        />
      )}
      <ConfirmDialog
        open={toDelete !== undefined}
        title={`Delete preset ${toDelete?.name ?? ''}?`}
        confirmLabel="Delete preset"
        busy={deleting}
        onCancel={() => setToDelete(undefined)}
        onConfirm={() => toDelete && remove(toDelete)}
      >
        Deployments that already use it keep their policies; new deployments can
        no longer pick it.
      </ConfirmDialog>
    </>
  );
}
