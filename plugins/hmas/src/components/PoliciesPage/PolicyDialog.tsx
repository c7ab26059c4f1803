import {
  CodeSnippet,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { PolicyInfo } from '@h-mas/plugin-hmas-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { hmasApiRef } from '../../api';
import { ConfirmDialog } from './ConfirmDialog';
import { toYaml } from './yaml';

/** `namespace/name`, or the name of a cluster-scoped policy. @internal */
export const policyRef = (p: { namespace?: string; name: string }) =>
  p.namespace ? `${p.namespace}/${p.name}` : p.name;

/**
 * One policy as YAML, read from Karmada; delete with confirmation.
 *
 * @internal
 */
export function PolicyDialog(props: {
  policy: PolicyInfo;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { policy } = props;
  const hmasApi = useApi(hmasApiRef);
  const [confirm, setConfirm] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<Error | undefined>();
  const { value, loading, error } = useAsync(
    () =>
      hmasApi.getPolicy(
        policy.kind,
        policy.name,
        policy.namespace || undefined,
      ),
    [hmasApi, policy],
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
      setDeleteError(e as Error);
      setDeleting(false);
    }
  };

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
      <DialogContent dividers style={{ minHeight: 300 }}>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {deleteError && <Alert severity="error">{deleteError.message}</Alert>}
        {value && (
          <CodeSnippet
            language="yaml"
            text={toYaml(value)}
            showCopyCodeButton
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button
          color="secondary"
          onClick={() => setConfirm(true)}
          disabled={deleting}
        >
          Delete
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
