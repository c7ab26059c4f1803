import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { KarmadaPolicyObject } from '@h-mas/plugin-hmas-common';
import { useMemo, useState } from 'react';
import { PolicyErrors } from './PolicyErrors';
import { policyFromYaml } from './policyForm';
import { PolicyYamlField } from './PolicyYamlField';
import { policyRef } from './policyRef';

/**
 * Edits a whole policy as YAML (for what the form cannot show): syntax errors and Karmada's
 * rules are shown as you type, and the review cannot start while there are any.
 *
 * @internal
 */
export function YamlEditDialog(props: {
  original: KarmadaPolicyObject;
  /** The text to start from: the original's YAML, or the last one reviewed. */
  text: string;
  /** The server's answer to the last save (it names the field Karmada rejected). */
  error?: string;
  onCancel: () => void;
  onReview: (proposed: KarmadaPolicyObject, text: string) => void;
}) {
  const { original } = props;
  const [text, setText] = useState(props.text);
  const edit = useMemo(() => policyFromYaml(text, original), [text, original]);
  const invalid = Boolean(edit.syntaxError) || edit.errors.length > 0;

  return (
    <Dialog
      open
      onClose={props.onCancel}
      fullWidth
      maxWidth="md"
      aria-labelledby="hmas-policy-yaml-title"
    >
      <DialogTitle id="hmas-policy-yaml-title">Edit policy YAML</DialogTitle>
      <DialogContent dividers>
        <Box mb={2}>
          <Typography variant="body2" color="textSecondary">
            {original.kind} {policyRef(original.metadata)}. Status and the
            metadata Karmada manages (resourceVersion, uid, …) are not shown: a
            write cannot change them.
          </Typography>
        </Box>
        {props.error && (
          <Box mb={2}>
            <Alert severity="error">{props.error}</Alert>
          </Box>
        )}
        <PolicyYamlField
          id="hmas-policy-yaml"
          value={text}
          onChange={setText}
          syntaxError={edit.syntaxError}
          helperText="Block-style YAML, as shown"
        />
        <PolicyErrors errors={edit.errors} mt={2} />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={invalid}
          onClick={() => edit.policy && props.onReview(edit.policy, text)}
        >
          Review changes
        </Button>
      </DialogActions>
    </Dialog>
  );
}
