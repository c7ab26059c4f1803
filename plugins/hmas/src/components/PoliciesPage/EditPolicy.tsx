import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogContent from '@material-ui/core/DialogContent';
import Alert from '@material-ui/lab/Alert';
import {
  KarmadaPolicyObject,
  toYaml,
  writablePolicy,
} from '@h-mas/plugin-hmas-common';
import { useMemo, useState } from 'react';
import { hmasApiRef } from '../../api';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { HmasDialog } from '../shared/HmasDialog';
import { SaveCancelActions } from '../shared/SaveCancelActions';
import { DiffView } from './DiffView';
import { unifiedDiff } from './diff';
import { serverMessage, statusOf } from './errors';
import { NewPolicyDialog } from './NewPolicyDialog';
import { useLabelPrefix } from '../../hooks/useLabelPrefix';
import { editableView, PolicyForm, policyToForm } from './policyForm';
import { PolicyHeading } from './PolicyHeading';
import { YamlEditDialog } from './YamlEditDialog';

/** The review step: the diff of the write, Save, and what the server answered. */
function ReviewDialog(props: {
  original: KarmadaPolicyObject;
  proposed: KarmadaPolicyObject;
  saving: boolean;
  conflict: boolean;
  reloading: boolean;
  error?: string;
  onBack: () => void;
  onCancel: () => void;
  onSave: () => void;
  onReload: () => void;
}) {
  const { original, proposed } = props;
  // The backend writes only these fields, so the diff shows exactly what Save changes.
  const before = useMemo(() => toYaml(editableView(original)), [original]);
  const after = useMemo(() => toYaml(editableView(proposed)), [proposed]);
  const changed = useMemo(
    () => unifiedDiff(before, after).length > 0,
    [before, after],
  );

  return (
    <HmasDialog
      titleId="hmas-policy-review-title"
      title="Review changes"
      onClose={props.onCancel}
      maxWidth="md"
    >
      <DialogContent dividers>
        <PolicyHeading policy={original}>
          , as read at resourceVersion{' '}
          {original.metadata.resourceVersion ?? '—'}
        </PolicyHeading>
        {props.conflict && (
          <Box mb={2}>
            <Alert
              severity="warning"
              action={
                <Button
                  color="inherit"
                  size="small"
                  onClick={props.onReload}
                  disabled={props.reloading}
                >
                  Reload
                </Button>
              }
            >
              This policy changed in Karmada since you opened it. Reload it and
              make your change again.
            </Alert>
          </Box>
        )}
        <DialogErrorAlert error={props.error} />
        <DiffView before={before} after={after} label="Changes to the policy" />
      </DialogContent>
      <SaveCancelActions
        onCancel={props.onBack}
        cancelLabel="Back"
        cancelDisabled={props.saving}
        onSubmit={props.onSave}
        submitLabel={props.saving ? 'Saving…' : 'Save'}
        submitDisabled={!changed || props.saving || props.conflict}
      />
    </HmasDialog>
  );
}

/**
 * Edits an existing policy: in the propagation policy form when it can show the placement
 * (or as YAML when `yaml` is set or it cannot), then a review of the diff, then a replace
 * carrying the resourceVersion read. A policy changed meanwhile (409) offers a reload that
 * restarts the edit; a rejected policy (400) goes back to the edit with the server's message.
 *
 * @internal
 */
export function EditPolicy(props: {
  policy: KarmadaPolicyObject;
  yaml?: boolean;
  onCancel: () => void;
  onSaved: (updated: KarmadaPolicyObject) => void;
}) {
  const hmasApi = useApi(hmasApiRef);
  const clusterLabelPrefix = useLabelPrefix();
  const [original, setOriginal] = useState(props.policy);
  const [form, setForm] = useState<PolicyForm | undefined>(() =>
    policyToForm(props.policy, clusterLabelPrefix),
  );
  const [asYaml, setAsYaml] = useState(() => props.yaml || !form);
  const [text, setText] = useState(() => toYaml(editableView(props.policy)));
  const [proposed, setProposed] = useState<KarmadaPolicyObject | undefined>();
  const [rejected, setRejected] = useState<string | undefined>();
  const [conflict, setConflict] = useState(false);
  const [saveError, setSaveError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [reloading, setReloading] = useState(false);
  // Remounts the edit dialogs, so that a reload starts them from the fresh policy.
  const [restarts, setRestarts] = useState(0);

  const review = (next: KarmadaPolicyObject) => {
    setProposed(next);
    setRejected(undefined);
    setSaveError(undefined);
  };

  const reload = async () => {
    setReloading(true);
    setSaveError(undefined);
    try {
      const fresh = await hmasApi.getPolicy(
        original.kind,
        original.metadata.name,
        original.metadata.namespace || undefined,
      );
      const freshForm = policyToForm(fresh, clusterLabelPrefix);
      setOriginal(fresh);
      setForm(freshForm);
      setAsYaml(asYaml || !freshForm);
      setText(toYaml(editableView(fresh)));
      setProposed(undefined);
      setConflict(false);
      setRestarts(n => n + 1);
    } catch (e) {
      setSaveError(`Could not reload the policy: ${serverMessage(e)}`);
    } finally {
      setReloading(false);
    }
  };

  const save = async () => {
    if (!proposed) return;
    setSaving(true);
    setSaveError(undefined);
    const version = original.metadata.resourceVersion;
    try {
      // Only what a caller may write (no status, no server-owned metadata), made conditional
      // on the version the edit started from.
      const writable = writablePolicy(proposed);
      const updated = await hmasApi.replacePolicy({
        ...writable,
        metadata: {
          ...writable.metadata,
          ...(version ? { resourceVersion: version } : {}),
        },
      });
      props.onSaved(updated);
    } catch (e) {
      setSaving(false);
      const status = statusOf(e);
      if (status === 409) {
        setConflict(true);
      } else if (status === 400) {
        setRejected(serverMessage(e));
        setProposed(undefined);
      } else {
        setSaveError(serverMessage(e));
      }
    }
  };

  if (proposed) {
    return (
      <ReviewDialog
        original={original}
        proposed={proposed}
        saving={saving}
        conflict={conflict}
        reloading={reloading}
        error={saveError}
        onBack={() => setProposed(undefined)}
        onCancel={props.onCancel}
        onSave={save}
        onReload={reload}
      />
    );
  }
  if (asYaml || !form) {
    return (
      <YamlEditDialog
        key={restarts}
        original={original}
        text={text}
        error={rejected}
        onCancel={props.onCancel}
        onReview={(next, nextText) => {
          setText(nextText);
          review(next);
        }}
      />
    );
  }
  return (
    <NewPolicyDialog
      key={restarts}
      onClose={props.onCancel}
      edit={{
        original,
        form,
        error: rejected,
        onReview: (next, nextForm) => {
          setForm(nextForm);
          review(next);
        },
      }}
    />
  );
}
