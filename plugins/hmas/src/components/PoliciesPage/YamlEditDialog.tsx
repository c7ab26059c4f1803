import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { KarmadaPolicyObject } from '@h-mas/plugin-hmas-common';
import { useMemo, useState } from 'react';
import { policyFromYaml } from './policyForm';
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
        <TextField
          id="hmas-policy-yaml"
          label="Policy YAML"
          multiline
          minRows={16}
          fullWidth
          variant="outlined"
          value={text}
          onChange={e => setText(e.target.value)}
          error={Boolean(edit.syntaxError)}
          helperText={edit.syntaxError ?? 'Block-style YAML, as shown'}
          inputProps={{
            spellCheck: false,
            style: { fontFamily: 'monospace', whiteSpace: 'pre' },
          }}
        />
        {edit.errors.length > 0 && (
          <Box mt={2}>
            <Alert severity="error">
              The policy breaks Karmada&apos;s rules:
              <ul aria-label="Policy errors">
                {edit.errors.map(e => (
                  <li key={`${e.field}:${e.message}`}>
                    {e.field}: {e.message}
                  </li>
                ))}
              </ul>
            </Alert>
          </Box>
        )}
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
