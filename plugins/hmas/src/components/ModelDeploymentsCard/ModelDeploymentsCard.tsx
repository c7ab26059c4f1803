import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  LinkButton,
  Progress,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useReloadable } from '../../hooks/useReloadable';
import { modelTitle, runtimeTitle } from '@h-mas/plugin-hmas-common';
import { DeploymentWithStatus, hmasApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { PhaseChip } from '../DeploymentsPage/PhaseChip';
import { MODEL_DEPLOYMENTS_ANNOTATION } from './annotation';
import { ErrorPanel } from '../shared/ErrorPanel';

const useStyles = makeStyles({
  // The card may sit in a narrow column: the table scrolls inside it rather than breaking
  // a column's title mid-word ("Runti me").
  scroll: { overflowX: 'auto' },
  head: { whiteSpace: 'nowrap' },
});

/**
 * The deployment references in an entity's annotation, trimmed and without repeats.
 *
 * @internal
 */
export function modelDeploymentNames(entity: Entity): string[] {
  const value = entity.metadata.annotations?.[MODEL_DEPLOYMENTS_ANNOTATION];
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map(n => n.trim())
        .filter(Boolean),
    ),
  ];
}

/** The catalog entity a deployment serves: its spec's `entityRef`, read defensively. */
function servedEntityRef(d: DeploymentWithStatus): string | undefined {
  const fromSpec = (d.spec as { entityRef?: unknown } | undefined)?.entityRef;
  const ref = typeof fromSpec === 'string' ? fromSpec : d.entityRef;
  return ref?.toLowerCase();
}

const matchesReference = (d: DeploymentWithStatus, reference: string) => {
  const slash = reference.indexOf('/');
  return slash < 0
    ? d.name === reference
    : d.namespace === reference.slice(0, slash) &&
        d.name === reference.slice(slash + 1);
};

/** @internal */
export type ModelDeploymentRow =
  | { reference: string; deployment: DeploymentWithStatus }
  | { reference: string; deployment?: undefined };

/**
 * The rows of the card: each name of the annotation in its order (the deployments it names,
 * or "not found"), then the other deployments whose `spec.entityRef` is this entity.
 *
 * @internal
 */
export function modelDeploymentRows(
  entity: Entity,
  deployments: DeploymentWithStatus[],
): ModelDeploymentRow[] {
  const entityRef = stringifyEntityRef(entity).toLowerCase();
  const rows: ModelDeploymentRow[] = [];
  const seen = new Set<string>();
  const add = (d: DeploymentWithStatus) => {
    if (seen.has(d.id)) return;
    seen.add(d.id);
    rows.push({
      reference:
        d.namespace === 'default' ? d.name : `${d.namespace}/${d.name}`,
      deployment: d,
    });
  };
  for (const reference of modelDeploymentNames(entity)) {
    const named = deployments.filter(d => matchesReference(d, reference));
    if (named.length === 0) rows.push({ reference });
    named.forEach(add);
  }
  deployments
    .filter(d => servedEntityRef(d) === entityRef)
    .sort((a, b) => a.name.localeCompare(b.name))
    .forEach(add);
  return rows;
}

/** The Deploy a model template (templates/deploy-model) in the scaffolder. */
const DEPLOY_MODEL_TEMPLATE = '/create/templates/default/hmas-deploy-model';

/**
 * The Deploy a model form, with a Component already filled in as the service the deployment
 * serves (the template's "Link to an existing service" only offers Components).
 *
 * @internal
 */
export function deployModelLink(entity: Entity): string {
  if (entity.kind.toLowerCase() !== 'component') return DEPLOY_MODEL_TEMPLATE;
  const formData = JSON.stringify({ service: stringifyEntityRef(entity) });
  return `${DEPLOY_MODEL_TEMPLATE}?formData=${encodeURIComponent(formData)}`;
}

/** The H-MAS page's URL: where the app mounts it, or its default path. */
function useHmasRootPath(): string {
  // The H-MAS page may not be installed in an app that shows this card; throwing would break
  // the whole entity page.
  try {
    return useRouteRef(rootRouteRef)();
  } catch {
    return '/hmas';
  }
}

/**
 * The model deployments linked to the current catalog entity: those named in its
 * `h-mas.io/model-deployments` annotation and those whose `spec.entityRef` is the entity,
 * with runtime, model, phase, readiness and clusters.
 *
 * @public
 */
export function ModelDeploymentsCard(props: { title?: string }) {
  const classes = useStyles();
  const { entity } = useEntity();
  const hmasApi = useApi(hmasApiRef);
  const hmasRoot = useHmasRootPath();
  const names = modelDeploymentNames(entity).join(',');
  const entityRef = stringifyEntityRef(entity).toLowerCase();
  const { value, loading, error, retry } = useReloadable(
    // Names need the whole list; without them the backend can filter by entity.
    () =>
      names
        ? hmasApi.listDeployments()
        : hmasApi.listDeployments({ entityRef }),
    [hmasApi, entityRef, names],
  );

  let content;
  if (loading) {
    content = <Progress aria-label="Loading model deployments" />;
  } else if (error) {
    content = (
      <ErrorPanel
        error={error}
        what="Model deployments could not be loaded"
        onRetry={retry}
      />
    );
  } else {
    const rows = modelDeploymentRows(entity, value ?? []);
    content =
      rows.length === 0 ? (
        <EmptyState
          missing="data"
          title="No model deployments"
          description={`Deployments linked to this entity show here: those created with "Link to an existing service" set to it, and those named in its ${MODEL_DEPLOYMENTS_ANNOTATION} annotation.`}
          action={
            <LinkButton
              variant="contained"
              color="primary"
              to={deployModelLink(entity)}
            >
              Deploy a model
            </LinkButton>
          }
        />
      ) : (
        <div className={classes.scroll}>
          <Table size="small" aria-label="Model deployments">
            <TableHead>
              <TableRow>
                {[
                  'Name',
                  'Runtime',
                  'Model',
                  'Status',
                  'Ready',
                  'Clusters',
                ].map(title => (
                  <TableCell key={title} className={classes.head}>
                    {title}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(({ reference, deployment: d }) =>
                d ? (
                  <TableRow key={d.id}>
                    <TableCell>
                      <Link
                        to={`${hmasRoot}/deployments?id=${encodeURIComponent(
                          d.id,
                        )}`}
                      >
                        {reference}
                      </Link>
                    </TableCell>
                    <TableCell>{runtimeTitle(d.runtime)}</TableCell>
                    <TableCell>{modelTitle(d.model)}</TableCell>
                    <TableCell>
                      <PhaseChip phase={d.status.phase} />
                    </TableCell>
                    <TableCell>
                      {`${d.status.readyReplicas}/${d.status.replicas}`}
                    </TableCell>
                    <TableCell>
                      {d.status.clusters.map(c => c.cluster).join(', ') || '—'}
                    </TableCell>
                  </TableRow>
                ) : (
                  <TableRow key={`missing:${reference}`}>
                    <TableCell>{reference}</TableCell>
                    <TableCell colSpan={5}>
                      <Typography variant="body2" color="textSecondary">
                        not found
                      </Typography>
                    </TableCell>
                  </TableRow>
                ),
              )}
            </TableBody>
          </Table>
        </div>
      );
  }
  return (
    <InfoCard title={props.title ?? 'Model deployments'}>{content}</InfoCard>
  );
}
