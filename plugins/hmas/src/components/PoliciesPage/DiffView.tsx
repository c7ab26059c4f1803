import { alpha, makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { unifiedDiff } from './diff';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre',
    overflowX: 'auto',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1, 0),
    margin: 0,
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
    },
  },
  // Long lines wrap instead of scrolling, where the diff sits in a narrow column.
  wrap: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  line: {
    display: 'block',
    padding: theme.spacing(0, 1),
    textDecoration: 'none',
  },
  header: {
    color: theme.palette.text.secondary,
    backgroundColor: theme.palette.action.hover,
  },
  add: {
    backgroundColor: alpha(theme.palette.success.main, 0.18),
  },
  remove: {
    backgroundColor: alpha(theme.palette.error.main, 0.18),
  },
}));

/**
 * A unified line diff of two texts: added lines green with `+`, removed lines red with `−`,
 * a few unchanged lines around each change; "No changes" when they are equal.
 *
 * @internal
 */
export function DiffView(props: {
  before: string;
  after: string;
  /** The accessible name of the diff. */
  label: string;
  context?: number;
  /** Wrap long lines (a narrow column) instead of scrolling them. */
  wrap?: boolean;
}) {
  const classes = useStyles();
  const { before, after, context } = props;
  const hunks = useMemo(
    () => unifiedDiff(before, after, context),
    [before, after, context],
  );
  if (hunks.length === 0) {
    return <Typography color="textSecondary">No changes</Typography>;
  }
  return (
    <pre
      className={props.wrap ? `${classes.diff} ${classes.wrap}` : classes.diff}
      role="region"
      aria-label={props.label}
      // Focusable so that a keyboard can scroll long lines.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
    >
      {hunks.map(hunk => (
        <span key={hunk.header}>
          <span className={`${classes.line} ${classes.header}`}>
            {hunk.header}
          </span>
          {hunk.lines.map(line => {
            const key = `${line.oldLine ?? ''}:${line.newLine ?? ''}`;
            if (line.type === 'add') {
              return (
                <ins key={key} className={`${classes.line} ${classes.add}`}>
                  {`+ ${line.text}`}
                </ins>
              );
            }
            if (line.type === 'remove') {
              return (
                <del key={key} className={`${classes.line} ${classes.remove}`}>
                  {`− ${line.text}`}
                </del>
              );
            }
            return (
              <span key={key} className={classes.line}>
                {`  ${line.text}`}
              </span>
            );
          })}
        </span>
      ))}
    </pre>
  );
}
