import {
  CodeSnippet,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Alert from '@material-ui/lab/Alert';
import { PolicyInfo, toYaml } from '@h-mas/plugin-hmas-common';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { hmasApiRef } from '../../api';
import { ConfirmDialog } from './ConfirmDialog';
import { EditPolicy } from './EditPolicy';
import { serverMessage } from './errors';
import { PolicyChanges } from './PolicyChanges';
import { policyToForm } from './policyForm';
import { useLabelPrefix } from '../../hooks/useLabelPrefix';
import { policyRef } from './policyRef';

type View = 'yaml' | 'changes';

/**
 * One policy, read from Karmada: its YAML and the changes recorded in the audit log; edit it
 * (in the form when it can show the placement, or as YAML), or delete it with confirmation.
 *
 * @internal
 */
export function PolicyDialog(props: {
  policy: PolicyInfo;
  onClose: () => void;
  onDeleted: () => void;
  /** After a saved edit, to refresh the list. */
  onChanged?: () => void;
}) {
  const { policy } = props;
  const hmasApi = useApi(hmasApiRef);
  const [view, setView] = useState<View>('yaml');
  const [editing, setEditing] = useState<'form' | 'yaml' | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [confirm, setConfirm] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | undefined>();
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      hmasApi.getPolicy(
        policy.kind,
        policy.name,
        policy.namespace || undefined,
      ),
    [hmasApi, policy],
  );
  const clusterLabelPrefix = useLabelPrefix();
  const formEditable = useMemo(
    () => Boolean(value && policyToForm(value, clusterLabelPrefix)),
    [value, clusterLabelPrefix],
  );

  const remove = async () => {
    setConfirm(false);
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await hmasApi.deletePolicy(
        policy.kind,
        policy.name,
        policy.namespace || undefined,
      );
      props.onDeleted();
    } catch (e) {
      setDeleteError(serverMessage(e));
      setDeleting(false);
    }
  };

  if (editing && value) {
    return (
      <EditPolicy
        policy={value}
        yaml={editing === 'yaml'}
        onCancel={() => setEditing(undefined)}
        onSaved={updated => {
          setEditing(undefined);
          setSaved(updated.metadata.resourceVersion ?? '');
          retry();
          props.onChanged?.();
        }}
      />
    );
  }

  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby="hmas-policy-title"
    >
      <DialogTitle id="hmas-policy-title">
        {policy.kind} {policyRef(policy)}
      </DialogTitle>
      <Tabs
        value={view}
        onChange={(_e, v: View) => setView(v)}
        aria-label="Policy views"
        indicatorColor="primary"
        style={{ paddingLeft: 16 }}
      >
        <Tab
          value="yaml"
          label="YAML"
          id="hmas-policy-tab-yaml"
          aria-controls="hmas-policy-panel-yaml"
        />
        <Tab
          value="changes"
          label="Changes"
          id="hmas-policy-tab-changes"
          aria-controls="hmas-policy-panel-changes"
        />
      </Tabs>
      <DialogContent dividers style={{ minHeight: 300 }}>
        {saved !== undefined && (
          <Box mb={2}>
            <Alert severity="success" onClose={() => setSaved(undefined)}>
              Saved.
              {saved ? ` Karmada has it at resourceVersion ${saved}.` : ''}
            </Alert>
          </Box>
        )}
        {deleteError && (
          <Box mb={2}>
            <Alert severity="error">{deleteError}</Alert>
          </Box>
        )}
        <div
          role="tabpanel"
          id="hmas-policy-panel-yaml"
          aria-labelledby="hmas-policy-tab-yaml"
          hidden={view !== 'yaml'}
        >
          {loading && <Progress />}
          {error && <ResponseErrorPanel error={error} />}
          {value && view === 'yaml' && (
            <CodeSnippet
              language="yaml"
              text={toYaml(value)}
              showCopyCodeButton
            />
          )}
        </div>
        <div
          role="tabpanel"
          id="hmas-policy-panel-changes"
          aria-labelledby="hmas-policy-tab-changes"
          hidden={view !== 'changes'}
        >
          {view === 'changes' && (
            <PolicyChanges
              kind={policy.kind}
              name={policy.name}
              namespace={policy.namespace || undefined}
              version={value?.metadata.resourceVersion}
            />
          )}
        </div>
      </DialogContent>
      <DialogActions>
        <Button
          color="secondary"
          onClick={() => setConfirm(true)}
          disabled={deleting}
        >
          Delete
        </Button>
        <Box flexGrow={1} />
        {formEditable && (
          <Button
            color="primary"
            onClick={() => setEditing('form')}
            disabled={deleting}
          >
            Edit
          </Button>
        )}
        <Button
          color={formEditable ? 'default' : 'primary'}
          onClick={() => setEditing('yaml')}
          disabled={!value || deleting}
        >
          Edit YAML
        </Button>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
      <ConfirmDialog
        open={confirm}
        title={`Delete ${policy.name}?`}
        confirmLabel="Delete policy"
        busy={deleting}
        onCancel={() => setConfirm(false)}
        onConfirm={remove}
      >
        Karmada stops propagating (or overriding) what this {policy.kind}{' '}
        selects. Workloads it already placed stay where they are until another
        policy claims them. It cannot be undone.
      </ConfirmDialog>
    </Dialog>
  );
}
