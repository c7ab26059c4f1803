import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import DialogContent from '@material-ui/core/DialogContent';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import {
  applyLabelChange,
  ClusterInfo,
  coreLabelKeys,
  deriveClusterType,
  LabelRow,
  labelDiff,
  labelRowErrors,
  zoneChange,
} from '@h-mas/plugin-hmas-common';
import { useEffect, useMemo, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { hmasApiRef } from '../../api';
import { useLabelPrefix } from '../../hooks/useLabelPrefix';
import { SaveCancelActions } from '../shared/SaveCancelActions';
import {
  loadPlacementPolicies,
  PlacementImpactPreview,
} from './PlacementImpactPreview';

/** @internal */
export interface LabelEditorProps {
  cluster: ClusterInfo;
  onSaved: (cluster: ClusterInfo) => void;
  onCancel: () => void;
  /** Re-reads the cluster after a conflict. */
  onReload: () => void;
}

/** The cluster dialog's content height, kept while editing so the dialog does not jump. */
const CONTENT_MIN_HEIGHT = 320;

function rowsOf(labels: Record<string, string>): LabelRow[] {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value }));
}

function labelsOf(rows: LabelRow[]): Record<string, string> {
  return Object.fromEntries(rows.map(r => [r.key.trim(), r.value]));
}

/** `cluster-type` follows `gpu-tier`: keep the row in step, adding it when missing. */
function withDerivedType(rows: LabelRow[], prefix: string): LabelRow[] {
  const keys = coreLabelKeys(prefix);
  // The backend's rule (applyLabelChange), applied to the rows as they are.
  const derived = applyLabelChange(labelsOf(rows), {}, prefix)[
    keys.clusterType
  ];
  const index = rows.findIndex(r => r.key.trim() === keys.clusterType);
  if (derived === undefined || rows[index]?.value === derived) return rows;
  if (index < 0) return [...rows, { key: keys.clusterType, value: derived }];
  return rows.map((r, i) => (i === index ? { ...r, value: derived } : r));
}

/**
 * The `cluster-type` row while `gpu-tier` decides it: a value H-MAS sets, shown as text with
 * where it comes from, neither editable nor deletable.
 */
function DerivedLabel(props: {
  row: LabelRow;
  index: number;
  gpuTierKey: string;
}) {
  const { row, index, gpuTierKey } = props;
  const hintId = `hmas-label-derived-${index}`;
  return (
    <Box
      role="group"
      aria-label={`Label ${index + 1}, set by H-MAS`}
      aria-describedby={hintId}
      data-testid="derived-label"
      mb={2}
    >
      <Box display="flex" alignItems="baseline">
        <Box flex={1} mr={1} px={1.75}>
          <Typography variant="caption" color="textSecondary" component="div">
            Key
          </Typography>
          <Typography variant="body1">{row.key}</Typography>
        </Box>
        <Box flex={1} mr={1} px={1.75}>
          <Typography variant="caption" color="textSecondary" component="div">
            Value
          </Typography>
          <Typography variant="body1">{row.value}</Typography>
        </Box>
        {/* The width of a row's delete button, so the columns line up. */}
        <Box width={48} flexShrink={0} />
      </Box>
      <Typography
        id={hintId}
        variant="caption"
        color="textSecondary"
        component="div"
        style={{ paddingLeft: 14 }}
      >
        Derived from the zone: H-MAS sets it from {gpuTierKey}. Change{' '}
        {gpuTierKey} to change it.
      </Typography>
    </Box>
  );
}

/**
 * Inline editor of a cluster's labels: edit, add and delete rows, with Kubernetes label
 * validation, `cluster-type` derived from `gpu-tier`, a banner when a core label changes (the
 * zone move and the deployments and policies that would gain or lose the cluster), and a
 * reload offer when the cluster changed meanwhile (409). It renders the cluster dialog's
 * content and its action row (Cancel, Save labels), in place of the dialog's own.
 *
 * @internal
 */
export function LabelEditor(props: LabelEditorProps) {
  const { cluster, onSaved, onCancel, onReload } = props;
  const hmasApi = useApi(hmasApiRef);
  const prefix = useLabelPrefix();
  const keys = coreLabelKeys(prefix);
  const [rows, setRows] = useState<LabelRow[]>(() => rowsOf(cluster.labels));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [conflict, setConflict] = useState(false);

  const errors = useMemo(() => labelRowErrors(rows), [rows]);
  const hasErrors = Object.keys(errors).length > 0;
  const next = labelsOf(rows);
  const moved = zoneChange(cluster.labels, next, prefix);
  const changedCoreKeys = Object.values(keys).filter(
    k => cluster.labels[k] !== next[k],
  );
  const coreChanged = changedCoreKeys.length > 0;
  const coreNoun = changedCoreKeys.length === 1 ? 'label' : 'labels';
  const { set, remove } = labelDiff(cluster.labels, next);
  const dirty = Object.keys(set).length > 0 || remove.length > 0;
  // The row withDerivedType keeps in step; a later row with the same key is a duplicate.
  const derivedIndex =
    deriveClusterType(next[keys.gpuTier]) === undefined
      ? -1
      : rows.findIndex(r => r.key.trim() === keys.clusterType);

  // Read once, on the first core label change; every later edit is previewed against them.
  const [policies, loadPolicies] = useAsyncFn(
    () => loadPlacementPolicies(hmasApi),
    [hmasApi],
  );
  const policiesRequested =
    policies.loading || policies.value !== undefined || !!policies.error;
  useEffect(() => {
    if (coreChanged && !policiesRequested) loadPolicies();
  }, [coreChanged, policiesRequested, loadPolicies]);

  const update = (index: number, row: Partial<LabelRow>) =>
    setRows(current =>
      withDerivedType(
        current.map((r, i) => (i === index ? { ...r, ...row } : r)),
        prefix,
      ),
    );

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      onSaved(
        await hmasApi.updateClusterLabels(cluster.name, {
          set,
          remove,
          resourceVersion: cluster.resourceVersion,
        }),
      );
    } catch (e) {
      if (e instanceof ResponseError && e.response.status === 409) {
        setConflict(true);
      } else {
        setError(e as Error);
      }
    } finally {
      setSaving(false);
    }
  };

  /** The key or the value input of a row; its error shows under it. */
  const input = (row: LabelRow, index: number, part: 'key' | 'value') => {
    const message = errors[index]?.[part];
    return (
      <TextField
        id={`hmas-label-${part}-${index}`}
        label={part === 'key' ? 'Key' : 'Value'}
        size="small"
        variant="outlined"
        value={row[part]}
        onChange={e =>
          update(
            index,
            part === 'key'
              ? { key: e.target.value }
              : { value: e.target.value },
          )
        }
        error={!!message}
        helperText={message ?? ' '}
        inputProps={{ 'aria-label': `Label ${part} ${index + 1}` }}
        style={{ flex: 1, marginRight: 8 }}
      />
    );
  };

  return (
    <>
      <DialogContent dividers style={{ minHeight: CONTENT_MIN_HEIGHT }}>
        {coreChanged && (
          <Alert
            severity="warning"
            style={{ marginBottom: 16 }}
            data-testid="zone-change-banner"
          >
            <Typography variant="body2" paragraph>
              {moved ? (
                <>
                  Saving reclassifies this cluster: it moves from{' '}
                  <b>{moved.from.title}</b> to <b>{moved.to.title}</b>.
                  Deployments and policies that place by zone will see it in its
                  new zone.
                </>
              ) : (
                <>
                  Saving changes the core {coreNoun}{' '}
                  <b>{changedCoreKeys.join(', ')}</b> of this cluster, which
                  policies may place by.
                </>
              )}
            </Typography>
            <PlacementImpactPreview
              clusterName={cluster.name}
              before={cluster.labels}
              after={next}
              policies={policies}
            />
          </Alert>
        )}
        {conflict && (
          <Alert
            severity="error"
            style={{ marginBottom: 16 }}
            action={
              <Button color="inherit" size="small" onClick={onReload}>
                Reload
              </Button>
            }
          >
            Cluster {cluster.name} changed while you were editing. Reload to see
            its current labels, then apply your change again.
          </Alert>
        )}
        {error && (
          <Alert severity="error" style={{ marginBottom: 16 }}>
            {error.message}
          </Alert>
        )}
        {rows.length === 0 && (
          <Typography variant="body2" color="textSecondary" paragraph>
            No labels. Add gpu-tier to classify this cluster into a zone.
          </Typography>
        )}
        {rows.map((row, index) =>
          index === derivedIndex ? (
            <DerivedLabel
              key={index}
              row={row}
              index={index}
              gpuTierKey={keys.gpuTier}
            />
          ) : (
            <Box key={index} display="flex" alignItems="flex-start" mb={1}>
              {input(row, index, 'key')}
              {input(row, index, 'value')}
              <IconButton
                aria-label={`Delete label ${row.key || index + 1}`}
                onClick={() =>
                  setRows(current => current.filter((_, i) => i !== index))
                }
              >
                <DeleteIcon />
              </IconButton>
            </Box>
          ),
        )}
        <Button
          color="primary"
          startIcon={<AddIcon />}
          onClick={() =>
            setRows(current => [...current, { key: '', value: '' }])
          }
        >
          Add label
        </Button>
      </DialogContent>
      <SaveCancelActions
        onCancel={onCancel}
        onSubmit={save}
        submitLabel={saving ? 'Saving…' : 'Save labels'}
        submitDisabled={!dirty || hasErrors || saving || conflict}
      />
    </>
  );
}
