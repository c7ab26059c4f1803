import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  isNamespacedPolicyKind,
  KarmadaPolicyObject,
  PolicyKind,
  policyKindNames,
} from '@h-mas/plugin-hmas-common';
import { useMemo, useState } from 'react';
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
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby="hmas-new-policy-yaml-title"
    >
      <DialogTitle id="hmas-new-policy-yaml-title">
        New policy from YAML
      </DialogTitle>
      <DialogContent dividers>
        {creation.error && (
          <Box mb={2}>
            <Alert severity="error">{creation.error}</Alert>
          </Box>
        )}
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            <TextField
              id="hmas-new-policy-yaml-kind"
              select
              label="Kind"
              size="small"
              variant="outlined"
              fullWidth
              value={kind}
              onChange={e => chooseKind(e.target.value as PolicyKind)}
              helperText="The starter text follows the kind until you edit it"
            >
              {policyKindNames.map(k => (
                <MenuItem key={k} value={k}>
                  {k}
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          {namespaced && (
            <Grid item xs={12} sm={6}>
              <TextField
                id="hmas-new-policy-yaml-namespace"
                label="Namespace"
                size="small"
                variant="outlined"
                fullWidth
                value={namespace}
                onChange={e => setNamespace(e.target.value.trim())}
                error={Boolean(namespaceError)}
                helperText={
                  namespaceError ??
                  'The policy’s namespace (the YAML may leave it out)'
                }
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
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={invalid || creation.saving}
          onClick={() => read.policy && creation.create(read.policy)}
        >
          {creation.saving ? 'Creating…' : 'Create policy'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
