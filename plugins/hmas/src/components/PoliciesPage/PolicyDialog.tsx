import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Alert from '@material-ui/lab/Alert';
import { PolicyInfo, toYaml } from '@h-mas/plugin-hmas-common';
import { ReactNode, useMemo, useState } from 'react';
import { useReloadable } from '../../hooks/useReloadable';
import { hmasApiRef } from '../../api';
import { AsyncContent } from '../shared/AsyncContent';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { HmasDialog } from '../shared/HmasDialog';
import { EditPolicy } from './EditPolicy';
import { serverMessage } from './errors';
import { PolicyChanges } from './PolicyChanges';
import { policyToForm } from './policyForm';
import { useLabelPrefix } from '../../hooks/useLabelPrefix';
import { policyRef } from './policyRef';
import {
  hmasPolicyDeletePermission,
  hmasPolicyUpdatePermission,
} from '@h-mas/plugin-hmas-common';
import { useHmasPermission } from '../../hooks/useHmasPermission';
import { Permitted } from '../shared/Permitted';
import { CodeText } from '../shared/CodeText';

type View = 'yaml' | 'changes';

/** The panel of the `view` tab, hidden while another is shown. */
function TabPanel(props: { view: View; shown: View; children: ReactNode }) {
  return (
    <div
      role="tabpanel"
      id={`hmas-policy-panel-${props.view}`}
      aria-labelledby={`hmas-policy-tab-${props.view}`}
      hidden={props.view !== props.shown}
    >
      {props.children}
    </div>
  );
}

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
  const mayUpdate = useHmasPermission(hmasPolicyUpdatePermission, {
    what: 'change policies (platform admins may)',
  });
  const mayDelete = useHmasPermission(hmasPolicyDeletePermission, {
    what: 'delete policies (platform admins may)',
  });
  const [deleteError, setDeleteError] = useState<string | undefined>();
  const { value, loading, error, retry } = useReloadable(
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
    <HmasDialog
      titleId="hmas-policy-title"
      title={`${policy.kind} ${policyRef(policy)}`}
      onClose={props.onClose}
      maxWidth="md"
    >
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
      <DialogContent
        dividers
        // Read-only content that scrolls: keyboard users reach it (WCAG 2.1.1).
        tabIndex={0}
        style={{ minHeight: 300 }}
      >
        {saved !== undefined && (
          <Box mb={2}>
            <Alert severity="success" onClose={() => setSaved(undefined)}>
              Saved.
              {saved ? ` Karmada has it at resourceVersion ${saved}.` : ''}
            </Alert>
          </Box>
        )}
        <DialogErrorAlert error={deleteError} />
        <TabPanel view="yaml" shown={view}>
          <AsyncContent loading={loading} error={error} />
          {value && view === 'yaml' && <CodeText text={toYaml(value)} />}
        </TabPanel>
        <TabPanel view="changes" shown={view}>
          {view === 'changes' && (
            <PolicyChanges
              kind={policy.kind}
              name={policy.name}
              namespace={policy.namespace || undefined}
              version={value?.metadata.resourceVersion}
            />
          )}
        </TabPanel>
      </DialogContent>
      <DialogActions>
        <Permitted state={mayDelete}>
          <Button
            color="secondary"
            onClick={() => setConfirm(true)}
            disabled={deleting}
          >
            Delete
          </Button>
        </Permitted>
        <Box flexGrow={1} />
        {formEditable && (
          <Permitted state={mayUpdate}>
            <Button
              color="primary"
              onClick={() => setEditing('form')}
              disabled={deleting}
            >
              Edit
            </Button>
          </Permitted>
        )}
        <Permitted state={mayUpdate}>
          <Button
            color={formEditable ? 'default' : 'primary'}
            onClick={() => setEditing('yaml')}
            disabled={!value || deleting}
          >
            Edit YAML
          </Button>
        </Permitted>
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
    </HmasDialog>
  );
}
