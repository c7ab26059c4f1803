import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, useState } from 'react';
import { useReloadable } from '../../../hooks/useReloadable';
import { HmasApi, hmasApiRef } from '../../../api';
import { AsyncContent } from '../../shared/AsyncContent';

type Usage = Awaited<ReturnType<HmasApi['getDeploymentUsage']>>;

/** The windows the usage may be read over. */
const WINDOWS = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
];

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
});

const ms = (v: number) =>
  v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`;
const count = (v: number) => v.toLocaleString();

/**
 * Who called the deployment through the inference gateway, over a window: requests, errors,
 * latency and the tokens the runtime reported, per caller and in all. The gateway writes its
 * counts every few seconds, so a call shows shortly after it ended.
 *
 * @internal
 */
export function UsageView({ id }: { id: string }) {
  const classes = useStyles();
  const hmasApi = useApi(hmasApiRef);
  const [windowMs, setWindowMs] = useState(WINDOWS[1].ms);
  const [asked, setAsked] = useState(() => Date.now());
  const since = useMemo(
    () => new Date(asked - windowMs).toISOString(),
    [asked, windowMs],
  );
  const { value, loading, error } = useReloadable(
    () => hmasApi.getDeploymentUsage(id, { since }),
    [hmasApi, id, since],
  );
  const usage: Usage | undefined = value;
  const windowLabel = WINDOWS.find(w => w.ms === windowMs)!.label.toLowerCase();

  const columns: Array<[string, (r: Usage['totals']) => string]> = [
    ['Requests', r => count(r.requests)],
    ['Errors', r => count(r.errors)],
    ['Mean latency', r => ms(r.latencyMsAvg)],
    ['Max latency', r => ms(r.latencyMsMax)],
    ['Prompt tokens', r => count(r.promptTokens)],
    ['Completion tokens', r => count(r.completionTokens)],
  ];

  return (
    <Box>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 8 }}>
        <TextField
          id="hmas-usage-window"
          select
          size="small"
          variant="outlined"
          label="Window"
          value={windowMs}
          onChange={e => setWindowMs(Number(e.target.value))}
          style={{ minWidth: 160 }}
        >
          {WINDOWS.map(w => (
            <MenuItem key={w.ms} value={w.ms}>
              {w.label}
            </MenuItem>
          ))}
        </TextField>
        <Button onClick={() => setAsked(Date.now())} disabled={loading}>
          Refresh
        </Button>
      </Box>
      <AsyncContent loading={loading && !usage} error={error}>
        {usage && usage.callers.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No calls in the {windowLabel}. Calls through the inference gateway
            (the playground, scripts, notebooks) show here a few seconds after
            they end.
          </Typography>
        )}
        {usage && usage.callers.length > 0 && (
          <div className={classes.scroll}>
            <Table size="small" aria-label="Usage by caller">
              <TableHead>
                <TableRow>
                  {['Caller', ...columns.map(([t]) => t), 'Last call'].map(
                    t => (
                      <TableCell key={t} className={classes.nowrap}>
                        {t}
                      </TableCell>
                    ),
                  )}
                </TableRow>
              </TableHead>
              <TableBody>
                {usage.callers.map(c => (
                  <TableRow key={c.caller}>
                    <TableCell>{c.caller}</TableCell>
                    {columns.map(([t, cell]) => (
                      <TableCell key={t}>{cell(c)}</TableCell>
                    ))}
                    <TableCell className={classes.nowrap}>
                      {new Date(c.lastCallAt).toLocaleString()}
                    </TableCell>
                  </TableRow>
                ))}
                <TableRow>
                  <TableCell component="th" scope="row">
                    <strong>All callers</strong>
                  </TableCell>
                  {columns.map(([t, cell]) => (
                    <TableCell key={t}>
                      <strong>{cell(usage.totals)}</strong>
                    </TableCell>
                  ))}
                  <TableCell />
                </TableRow>
              </TableBody>
            </Table>
          </div>
        )}
      </AsyncContent>
    </Box>
  );
}
