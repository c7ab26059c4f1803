import { Progress } from '@backstage/core-components';
import {
  CustomFieldValidator,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterInfo,
  gpuSharingText,
  quotaUseText,
  runtimeById,
  runtimeTitle,
  TeamNamespace,
  ZoneDefinition,
  ZoneGroup,
  zoneIds,
  zones,
} from '@h-mas/plugin-hmas-common';
import { useEffect, useState } from 'react';
import { LoadError } from '../LoadError';
import { readiness, useZoneGroups } from '../useZoneGroups';
import { FieldSet } from '../FieldSet';
import { fieldBasics } from '../fieldBasics';
import { HMAS_ZONE_PICKER } from '../fieldNames';
import { useCallerTeamNamespace } from './useCallerTeamNamespace';

/**
 * Value and `ui:options` of the zone picker: a zone id; Unclassified is offered only with
 * `allowUnclassified` (a deployment cannot be placed there).
 *
 * @public
 */
export const HmasZonePickerFieldSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      allowUnclassified: z
        .boolean()
        .optional()
        .describe('Offer the Unclassified zone too; default false'),
      runtimeModelField: z
        .string()
        .optional()
        .describe(
          'Name of the form’s HmasRuntimeModelPicker field: GPU mode then refuses the CPU Only zone',
        ),
    }),
});

/** @public */
export type HmasZonePickerProps = typeof HmasZonePickerFieldSchema.TProps;

/** The element id, title and description the zone picker has when the template gives none. */
const defaults = {
  id: 'hmas-zone-picker',
  title: 'Zone',
  description: 'The zone whose clusters run the replicas',
};

function offeredZones(allowUnclassified: boolean): readonly ZoneDefinition[] {
  return zones.filter(z => allowUnclassified || z.id !== 'unclassified');
}

/** "3 clusters match", "1 cluster matches", or why there is no count. */
function matchText(
  group: ZoneGroup | undefined,
  state: { loading: boolean; failed: boolean },
): string {
  if (state.loading) return 'Counting clusters…';
  if (state.failed) return 'Cluster count unavailable';
  const ready = readiness(group?.clusters ?? []).ready.length;
  return `${ready} ${ready === 1 ? 'cluster matches' : 'clusters match'}`;
}

/**
 * The team namespace's quota use on the clusters of a zone, e.g. `Team namespace ml-research:
 * gpu-a GPU 1/4 · pods 2/20; gpu-b GPU 0/4 · pods 0/20`; undefined when none of them reports
 * a quota.
 */
function quotaCaption(
  ns: TeamNamespace | undefined,
  clusters: ClusterInfo[],
): string | undefined {
  if (!ns) return undefined;
  const names = new Set(clusters.map(c => c.name));
  const parts = (ns.usage ?? [])
    .filter(
      u => names.has(u.cluster) && !u.error && Object.keys(u.hard).length > 0,
    )
    .map(u => `${u.cluster} ${quotaUseText(u)}`);
  return parts.length > 0
    ? `Team namespace ${ns.name}: ${parts.join('; ')}`
    : undefined;
}

/**
 * How the GPUs of a zone's clusters are shared, e.g. `GPU sharing: gpu-a MIG 1g.5gb;
 * gpu-b time-sliced`; undefined when every cluster has whole GPUs. A MIG type asks for one
 * of those profiles; a tensor-parallel runtime with several GPUs avoids time-sliced clusters.
 */
function sharingCaption(clusters: ClusterInfo[]): string | undefined {
  const parts = clusters.flatMap(c => {
    const text = c.gpuSharing && gpuSharingText(c.gpuSharing);
    return text ? [`${c.name} ${text}`] : [];
  });
  return parts.length > 0 ? `GPU sharing: ${parts.join('; ')}` : undefined;
}

/**
 * Zone choice as a row of zone cards, each with the number of ready clusters that match it
 * now and the names of those that are not ready; under each, the quota use of the user's
 * team namespace on its clusters.
 *
 * @public
 */
export function HmasZonePicker(props: HmasZonePickerProps) {
  const { formData, onChange, required, disabled, uiSchema } = props;
  const { id, title, description, hasErrors } = fieldBasics(props, defaults);
  const allowUnclassified = !!uiSchema?.['ui:options']?.allowUnclassified;
  // A GPU-mode deployment cannot go to CPU Only: not offered, rather than refused on Next.
  const runtimeModel = chosenGpuMode(
    (props.formContext as { formData?: unknown } | undefined)?.formData,
    uiSchema?.['ui:options']?.runtimeModelField as string | undefined,
  );
  // CPU mode runs in any zone (a GPU cluster has CPUs too): only GPU mode rules one out.
  const gpuRuntime =
    runtimeModel?.gpuMode === 'gpu'
      ? (typeof runtimeModel.runtime === 'string' &&
          runtimeTitle(runtimeModel.runtime)) ||
        'the runtime'
      : undefined;
  const unavailable = (zone: string): string | undefined =>
    zone === 'cpu-only' && gpuRuntime
      ? `Needs GPUs: ${gpuRuntime} runs in GPU mode`
      : undefined;
  // A choice made before the runtime switched to GPU mode is taken back, and the picker
  // says why: the form never carries a zone the request would be refused for.
  const staleReason =
    typeof formData === 'string' ? unavailable(formData) : undefined;
  const [cleared, setCleared] = useState<string | undefined>();
  useEffect(() => {
    if (staleReason && typeof formData === 'string') {
      const zone = zones.find(z => z.id === formData)?.title ?? formData;
      setCleared(
        `${zone} was unselected: ${gpuRuntime} runs in GPU mode and ${zone} has no GPUs. Choose a GPU zone.`,
      );
      onChange(undefined as unknown as string);
    }
  }, [staleReason, formData, onChange, gpuRuntime]);
  const { value: groups, loading, error, retry } = useZoneGroups();
  const teamNamespace = useCallerTeamNamespace();
  const state = { loading, failed: !!error };
  const chosen = groups?.find(g => g.zone === formData);
  const chosenReady = chosen ? readiness(chosen.clusters).ready.length : 0;

  return (
    <FieldSet required={required} disabled={disabled} error={hasErrors}>
      <FormLabel component="legend" id={`${id}-label`}>
        {title}
      </FormLabel>
      {error && <LoadError error={error} onRetry={retry} />}
      {loading && <Progress aria-label="Loading zones" />}
      <RadioGroup
        aria-labelledby={`${id}-label`}
        name={id}
        value={formData ?? ''}
        onChange={e => {
          setCleared(undefined);
          onChange(e.target.value);
        }}
      >
        <Grid container spacing={1}>
          {offeredZones(allowUnclassified).map(zone => {
            const group = groups?.find(g => g.zone === zone.id);
            const { notReady } = readiness(group?.clusters ?? []);
            const selected = formData === zone.id;
            const quota = quotaCaption(teamNamespace, group?.clusters ?? []);
            const sharing = sharingCaption(group?.clusters ?? []);
            return (
              <Grid item xs={12} sm={6} md={3} key={zone.id}>
                <Paper
                  variant="outlined"
                  data-testid={`hmas-zone-${zone.id}`}
                  style={{
                    padding: '4px 8px',
                    height: '100%',
                    borderWidth: selected ? 2 : 1,
                    borderColor: selected ? 'currentColor' : undefined,
                  }}
                >
                  <FormControlLabel
                    value={zone.id}
                    disabled={disabled || unavailable(zone.id) !== undefined}
                    control={<Radio color="primary" />}
                    label={
                      <Box py={1}>
                        <Typography variant="subtitle2">
                          {zone.title}
                        </Typography>
                        <Typography variant="body2" color="textSecondary">
                          {matchText(group, state)}
                        </Typography>
                        {notReady.length > 0 && (
                          <Typography variant="caption" color="error">
                            {notReady.length} not ready:{' '}
                            {notReady.map(c => c.name).join(', ')}
                          </Typography>
                        )}
                        {unavailable(zone.id) && (
                          <Typography
                            variant="caption"
                            color="textSecondary"
                            component="div"
                            data-testid={`hmas-zone-${zone.id}-unavailable`}
                          >
                            {unavailable(zone.id)}
                          </Typography>
                        )}
                      </Box>
                    }
                  />
                  {sharing && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                      data-testid={`hmas-zone-${zone.id}-sharing`}
                      style={{ paddingBottom: 4 }}
                    >
                      {sharing}
                    </Typography>
                  )}
                  {quota && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                      data-testid={`hmas-zone-${zone.id}-quota`}
                      style={{ paddingBottom: 4 }}
                    >
                      {quota}
                    </Typography>
                  )}
                </Paper>
              </Grid>
            );
          })}
        </Grid>
      </RadioGroup>
      {cleared && (
        <Alert severity="info" style={{ marginTop: 8 }}>
          {cleared}
        </Alert>
      )}
      {chosen && chosenReady === 0 && (
        <Alert severity="warning" style={{ marginTop: 8 }}>
          No cluster of {chosen.title} is ready now: replicas stay pending until
          one is.
        </Alert>
      )}
      <FormHelperText>{description}</FormHelperText>
    </FieldSet>
  );
}

/** GPU mode of the runtime and model the form chose, when `runtimeModelField` names it. */
function chosenGpuMode(
  formData: unknown,
  field: string | undefined,
): { gpuMode?: unknown; runtime?: unknown } | undefined {
  if (!field || !formData || typeof formData !== 'object') return undefined;
  const value = (formData as Record<string, unknown>)[field];
  return value && typeof value === 'object' ? value : undefined;
}

/**
 * A zone the picker offers: a known zone id, Unclassified only with `allowUnclassified`, and
 * not CPU Only for a deployment in GPU mode (with `runtimeModelField`). Backstage hands a
 * field used as array items the whole array, hence the list case.
 *
 * @public
 */
export const hmasZonePickerValidation: CustomFieldValidator<
  string,
  { allowUnclassified?: boolean; runtimeModelField?: string }
> = (value, validation, context) => {
  const options = context?.uiSchema?.['ui:options'];
  const allowUnclassified = !!options?.allowUnclassified;
  const runtimeModel = chosenGpuMode(
    context?.formData,
    options?.runtimeModelField,
  );
  const values: unknown[] = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (typeof v !== 'string' || !(zoneIds as readonly string[]).includes(v)) {
      validation.addError(
        `Unknown zone ${JSON.stringify(v)}: choose one of ${offeredZones(
          allowUnclassified,
        )
          .map(z => z.id)
          .join(', ')}`,
      );
    } else if (v === 'unclassified' && !allowUnclassified) {
      validation.addError(
        'Unclassified clusters cannot be chosen here: choose a classified zone',
      );
    } else if (v === 'cpu-only' && runtimeModel?.gpuMode === 'gpu') {
      const runtime =
        typeof runtimeModel.runtime === 'string'
          ? runtimeById(runtimeModel.runtime)?.title ?? runtimeModel.runtime
          : 'The runtime';
      validation.addError(
        `${runtime} runs in GPU mode and the CPU Only zone has no GPUs: choose a GPU zone, or CPU mode if the runtime has one`,
      );
    }
  }
};

/**
 * The `HmasZonePicker` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasZonePickerFormField = createFormField({
  name: HMAS_ZONE_PICKER,
  component: HmasZonePicker,
  validation: hmasZonePickerValidation,
  schema: HmasZonePickerFieldSchema,
});
