import { Progress } from '@backstage/core-components';
import { ErrorPanel } from '../shared/ErrorPanel';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import RefreshIcon from '@material-ui/icons/Refresh';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import WarningIcon from '@material-ui/icons/Warning';
import type {
  GpuReadinessCheck,
  GpuReadinessStatus,
} from '@h-mas/plugin-hmas-common';
import { useReloadable } from '../../hooks/useReloadable';
import { hmasApiRef } from '../../api';

const useStyles = makeStyles(theme => ({
  pass: { color: theme.palette.success.main },
  warn: { color: theme.palette.warning.main },
  fail: { color: theme.palette.error.main },
  na: { color: theme.palette.text.disabled },
  fix: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(13),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: theme.spacing(1, 0, 0),
    padding: theme.spacing(1, 1.5),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.default,
    color: theme.palette.text.primary,
  },
}));

const STATUS_LABELS: Record<GpuReadinessStatus, string> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
  'n/a': 'Not applicable',
};

function StatusIcon({ status }: { status: GpuReadinessStatus }) {
  const classes = useStyles();
  const title = STATUS_LABELS[status];
  switch (status) {
    case 'pass':
      return <CheckCircleIcon className={classes.pass} titleAccess={title} />;
    case 'warn':
      return <WarningIcon className={classes.warn} titleAccess={title} />;
    case 'fail':
      return <ErrorIcon className={classes.fail} titleAccess={title} />;
    default:
      return (
        <RemoveCircleOutlineIcon className={classes.na} titleAccess={title} />
      );
  }
}

function CheckItem({ check }: { check: GpuReadinessCheck }) {
  const classes = useStyles();
  const showFix =
    (check.status === 'warn' || check.status === 'fail') && check.fix;
  return (
    <ListItem
      alignItems="flex-start"
      disableGutters
      data-testid={`gpu-check-${check.id}`}
    >
      <ListItemIcon style={{ marginTop: 4 }}>
        <StatusIcon status={check.status} />
      </ListItemIcon>
      <ListItemText
        primary={check.title}
        secondaryTypographyProps={{ component: 'div' }}
        secondary={
          <>
            <Typography variant="body2" color="textSecondary">
              {check.detail}
            </Typography>
            {showFix && (
              <Box
                component="pre"
                className={classes.fix}
                aria-label={`Fix: ${check.title}`}
              >
                {check.fix}
              </Box>
            )}
          </>
        }
      />
    </ListItem>
  );
}

function summarize(checks: GpuReadinessCheck[]): string {
  const count = (status: GpuReadinessStatus) =>
    checks.filter(c => c.status === status).length;
  if (checks.every(c => c.status === 'n/a')) {
    return 'No GPU nodes: the checks do not apply.';
  }
  const parts = [
    `${count('pass')} passed`,
    count('warn') ? `${count('warn')} with warnings` : '',
    count('fail') ? `${count('fail')} failed` : '',
  ].filter(Boolean);
  return `${parts.join(', ')} of ${checks.length} checks.`;
}

/**
 * The GPU readiness checklist of a cluster: icon, title and detail per check, the fix of
 * warnings and failures as commands, and the cluster's nodes with their GPUs.
 *
 * @internal
 */
export function GpuReadiness({ name }: { name: string }) {
  const hmasApi = useApi(hmasApiRef);
  const { value, loading, error, retry } = useReloadable(
    () => hmasApi.getGpuReadiness(name),
    [hmasApi, name],
  );

  if (loading) return <Progress aria-label="Checking GPU readiness" />;
  if (error) {
    return (
      <ErrorPanel
        error={error}
        what="GPU readiness could not be checked"
        onRetry={retry}
      />
    );
  }
  if (!value) return null;
  const gpuNodes = value.nodes.filter(n => n.gpus > 0 || n.gpuProduct);
  return (
    <Box>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="body2">{summarize(value.checks)}</Typography>
        <Button size="small" startIcon={<RefreshIcon />} onClick={retry}>
          Check again
        </Button>
      </Box>
      <List aria-label="GPU readiness checklist">
        {value.checks.map(check => (
          <CheckItem key={check.id} check={check} />
        ))}
      </List>
      {gpuNodes.length > 0 && (
        <Table size="small" aria-label="GPU nodes">
          <TableHead>
            <TableRow>
              <TableCell>GPU node</TableCell>
              <TableCell>GPU product</TableCell>
              <TableCell align="right">Allocatable GPUs</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {gpuNodes.map(n => (
              <TableRow key={n.name}>
                <TableCell>{n.name}</TableCell>
                <TableCell>{n.gpuProduct ?? '—'}</TableCell>
                <TableCell align="right">{n.gpus}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
