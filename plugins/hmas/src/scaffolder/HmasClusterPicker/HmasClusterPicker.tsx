import {
  CustomFieldValidator,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  ClusterInfo,
  clusterNameError,
  zoneById,
  ZoneId,
  zoneIds,
} from '@h-mas/plugin-hmas-common';
import { hmasApiRef } from '../../api';
import { LoadError } from '../LoadError';
import { allClusters, useZoneGroups } from '../useZoneGroups';
import { fieldBasics } from '../fieldBasics';
import { HMAS_CLUSTER_PICKER } from '../fieldNames';

/**
 * Value and `ui:options` of the cluster picker: Karmada cluster names; `zone` limits the
 * choice to the clusters of one zone.
 *
 * @public
 */
export const HmasClusterPickerFieldSchema = makeFieldSchema({
  output: z => z.array(z.string()),
  uiOptions: z =>
    z.object({
      zone: z
        .enum(zoneIds)
        .optional()
        .describe('Only offer the clusters of this zone'),
    }),
});

/** @public */
export type HmasClusterPickerProps = typeof HmasClusterPickerFieldSchema.TProps;

/** The element id, title and description the cluster picker has when the template gives none. */
const defaults = {
  id: 'hmas-cluster-picker',
  title: 'Clusters',
  description: 'The member clusters that run the replicas',
};

/** A chosen name H-MAS may not know (typed into the URL, or removed meanwhile). */
type ClusterOption = Pick<ClusterInfo, 'name'> & Partial<ClusterInfo>;

const zoneTitle = (zone: ZoneId | undefined) =>
  zone ? zoneById(zone).title : 'Unknown zone';

function describeCluster(c: ClusterOption): string {
  if (!c.zone) return 'Not registered with Karmada';
  const parts = [zoneTitle(c.zone), c.ready ? 'Ready' : 'Not ready'];
  if (c.gpuTypes?.length) parts.push(c.gpuTypes.join(', '));
  return parts.join(' · ');
}

function chipLabel(c: ClusterOption): string {
  if (!c.zone) return `${c.name} (not registered)`;
  return c.ready ? c.name : `${c.name} (not ready)`;
}

/**
 * Multi-select of Karmada member clusters, grouped by zone, each with its zone and readiness.
 *
 * @public
 */
export function HmasClusterPicker(props: HmasClusterPickerProps) {
  const { formData, onChange, required, disabled, uiSchema } = props;
  const { id, title, description, hasErrors } = fieldBasics(props, defaults);
  const zone = uiSchema?.['ui:options']?.zone;
  const { value: groups, loading, error, retry } = useZoneGroups();
  const known = allClusters(groups ?? []);
  const value: ClusterOption[] = (formData ?? []).map(
    name => known.find(c => c.name === name) ?? { name },
  );
  // The chosen clusters are options too (the list hides them), so that a name H-MAS does not
  // know, or of another zone, is still a value the Autocomplete has.
  const options = [
    ...known.filter(c => !zone || c.zone === zone),
    ...value.filter(
      v => !known.some(c => c.name === v.name && (!zone || c.zone === zone)),
    ),
  ];

  let helperText = description;
  if (zone) helperText += ` (clusters of ${zoneTitle(zone)} only)`;
  if (groups && options.length === 0) {
    helperText = zone
      ? `No cluster of ${zoneTitle(zone)} is registered yet`
      : 'No cluster is registered with Karmada yet';
  }

  return (
    <Box mt={2} mb={1}>
      {error && <LoadError error={error} onRetry={retry} />}
      <Autocomplete<ClusterOption, true>
        multiple
        id={id}
        options={options}
        value={value}
        loading={loading}
        loadingText="Loading clusters…"
        noOptionsText="No matching cluster"
        disabled={disabled}
        filterSelectedOptions
        groupBy={c => zoneTitle(c.zone)}
        getOptionLabel={c => c.name}
        getOptionSelected={(option, chosen) => option.name === chosen.name}
        onChange={(_event, chosen) => {
          const names = chosen.map(c => c.name);
          onChange(names.length > 0 ? names : undefined);
        }}
        renderOption={c => (
          <Box>
            <Typography variant="body2">{c.name}</Typography>
            <Typography
              variant="caption"
              color={c.ready ? 'textSecondary' : 'error'}
            >
              {describeCluster(c)}
            </Typography>
          </Box>
        )}
        renderTags={(chosen, getTagProps) =>
          chosen.map((c, index) => (
            <Chip
              {...getTagProps({ index })}
              key={c.name}
              size="small"
              label={chipLabel(c)}
              color={c.ready ? 'primary' : 'default'}
              title={describeCluster(c)}
            />
          ))
        }
        renderInput={params => (
          <TextField
            {...params}
            label={title}
            variant="outlined"
            required={required && value.length === 0}
            error={hasErrors}
            helperText={helperText}
            placeholder={value.length === 0 ? 'Type or pick clusters' : ''}
          />
        )}
      />
    </Box>
  );
}

/**
 * Valid, distinct cluster names; when H-MAS can be asked, registered clusters of the zone
 * that `zone` names.
 *
 * @public
 */
export const hmasClusterPickerValidation: CustomFieldValidator<
  string[],
  { zone?: ZoneId }
> = async (value, validation, context) => {
  if (!Array.isArray(value)) {
    validation.addError('Choose clusters from the list');
    return;
  }
  if (value.length === 0) {
    validation.addError('Choose at least one cluster');
    return;
  }
  const seen = new Set<string>();
  for (const name of value) {
    const error = clusterNameError(name);
    if (error) validation.addError(`Cluster name "${name}" ${error}`);
    if (seen.has(name)) validation.addError(`Cluster ${name} is listed twice`);
    seen.add(name);
  }

  const hmasApi = context?.apiHolder?.get(hmasApiRef);
  if (!hmasApi) return;
  let clusters: ClusterInfo[];
  try {
    clusters = allClusters(await hmasApi.listZoneGroups());
  } catch {
    // The backend checks the names again on create; an unreachable list must not block.
    return;
  }
  const zone = context.uiSchema?.['ui:options']?.zone;
  for (const name of seen) {
    const cluster = clusters.find(c => c.name === name);
    if (!cluster) {
      validation.addError(`Cluster ${name} is not registered with Karmada`);
    } else if (zone && cluster.zone !== zone) {
      validation.addError(
        `Cluster ${name} is in ${zoneTitle(cluster.zone)}, not in ${zoneTitle(
          zone,
        )}`,
      );
    }
  }
};

/**
 * The `HmasClusterPicker` scaffolder field, loaded lazily by its form-field extension.
 *
 * @alpha
 */
export const HmasClusterPickerFormField = createFormField({
  name: HMAS_CLUSTER_PICKER,
  component: HmasClusterPicker,
  validation: hmasClusterPickerValidation,
  schema: HmasClusterPickerFieldSchema,
});
