import DialogContent from '@material-ui/core/DialogContent';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import {
  isNamespacedPolicyKind,
  KarmadaPolicyObject,
  PolicyKind,
  policyKindNames,
} from '@h-mas/plugin-hmas-common';
import { useMemo, useState } from 'react';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { FormTextField } from '../shared/FormTextField';
import { HmasDialog } from '../shared/HmasDialog';
import { SaveCancelActions } from '../shared/SaveCancelActions';
import { PolicyErrors } from './PolicyErrors';
import { initialForm, newPolicyFromYaml } from './policyForm';
import { starterYaml } from './policyStarters';
import { useLabelPrefix } from '../../hooks/useLabelPrefix';
import { PolicyYamlField } from './PolicyYamlField';
import { useCreatePolicy } from './useCreatePolicy';

const FIRST_KIND: PolicyKind = 'PropagationPolicy';

/**
 * Creates a policy of any of the four kinds from its YAML, starting from a realistic one of
 * the chosen kind. Syntax errors, a kind or apiVersion other than the chosen one and Karmada's
 * rules are shown as you type, and Create is disabled while there are any. A rejected write
 * shows the server's message and keeps the text.
 *
 * @internal
 */
export function NewPolicyYamlDialog(props: {
  onClose: () => void;
  onCreated: (policy: KarmadaPolicyObject) => void;
}) {
  const [kind, setKind] = useState<PolicyKind>(FIRST_KIND);
  const [namespace, setNamespace] = useState(initialForm.namespace);
  const clusterLabelPrefix = useLabelPrefix();
  const [text, setText] = useState(() =>
    starterYaml(FIRST_KIND, clusterLabelPrefix),
  );
  const creation = useCreatePolicy(props.onCreated);
  const namespaced = isNamespacedPolicyKind(kind);
  const read = useMemo(
    () => newPolicyFromYaml(text, kind, namespace),
    [text, kind, namespace],
  );
  const invalid = Boolean(read.syntaxError) || read.errors.length > 0;
  const namespaceError = read.errors.find(
    e => e.field === 'metadata.namespace',
  )?.message;

  const chooseKind = (next: PolicyKind) => {
    // Only the untouched starter follows the kind: an edited text is the user's.
    if (text === starterYaml(kind, clusterLabelPrefix)) {
      setText(starterYaml(next, clusterLabelPrefix));
    }
    setKind(next);
  };

  return (
    <HmasDialog
      titleId="hmas-new-policy-yaml-title"
      title="New policy from YAML"
      onClose={props.onClose}
      maxWidth="md"
    >
      <DialogContent dividers>
        <DialogErrorAlert error={creation.error} />
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            <FormTextField
              id="hmas-new-policy-yaml-kind"
              select
              label="Kind"
              value={kind}
              onChange={e => chooseKind(e.target.value as PolicyKind)}
              helperText="The starter text follows the kind until you edit it"
            >
              {policyKindNames.map(k => (
                <MenuItem key={k} value={k}>
                  {k}
                </MenuItem>
              ))}
            </FormTextField>
          </Grid>
          {namespaced && (
            <Grid item xs={12} sm={6}>
              <FormTextField
                id="hmas-new-policy-yaml-namespace"
                label="Namespace"
                value={namespace}
                onChange={e => setNamespace(e.target.value.trim())}
                error={namespaceError}
                helperText="The policy’s namespace (the YAML may leave it out)"
              />
            </Grid>
          )}
          <Grid item xs={12}>
            <PolicyYamlField
              id="hmas-new-policy-yaml-text"
              value={text}
              onChange={setText}
              syntaxError={read.syntaxError}
              helperText={`Block-style YAML of one ${kind}`}
            />
          </Grid>
        </Grid>
        <PolicyErrors errors={read.errors} mt={2} />
      </DialogContent>
      <SaveCancelActions
        onCancel={props.onClose}
        onSubmit={() => read.policy && creation.create(read.policy)}
        submitLabel={creation.saving ? 'Creating…' : 'Create policy'}
        submitDisabled={invalid || creation.saving}
      />
    </HmasDialog>
  );
}
