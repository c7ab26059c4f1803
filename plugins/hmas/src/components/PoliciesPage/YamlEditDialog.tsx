import DialogContent from '@material-ui/core/DialogContent';
import { KarmadaPolicyObject } from '@h-mas/plugin-hmas-common';
import { useMemo, useState } from 'react';
import { DialogErrorAlert } from '../shared/DialogErrorAlert';
import { HmasDialog } from '../shared/HmasDialog';
import { SaveCancelActions } from '../shared/SaveCancelActions';
import { PolicyErrors } from './PolicyErrors';
import { PolicyHeading } from './PolicyHeading';
import { policyFromYaml } from './policyForm';
import { PolicyYamlField } from './PolicyYamlField';

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
    <HmasDialog
      titleId="hmas-policy-yaml-title"
      title="Edit policy YAML"
      onClose={props.onCancel}
      maxWidth="md"
    >
      <DialogContent dividers>
        <PolicyHeading policy={original}>
          . Status and the metadata Karmada manages (resourceVersion, uid, …)
          are not shown: a write cannot change them.
        </PolicyHeading>
        <DialogErrorAlert error={props.error} />
        <PolicyYamlField
          id="hmas-policy-yaml"
          value={text}
          onChange={setText}
          syntaxError={edit.syntaxError}
          helperText="Block-style YAML, as shown"
        />
        <PolicyErrors errors={edit.errors} mt={2} />
      </DialogContent>
      <SaveCancelActions
        onCancel={props.onCancel}
        onSubmit={() => edit.policy && props.onReview(edit.policy, text)}
        submitLabel="Review changes"
        submitDisabled={invalid}
      />
    </HmasDialog>
  );
}
