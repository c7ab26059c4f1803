import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import type { ZoneId } from '@h-mas/plugin-hmas-common';

const useStyles = makeStyles({
  badge: { fontWeight: 600, marginRight: 4, marginBottom: 2 },
});

const zoneBadgeColours: Partial<
  Record<ZoneId, { bg: string; fg: string; label: string }>
> = {
  'cpu-only': { bg: '#00695c', fg: '#fff', label: 'CPU Only' },
  unclassified: { bg: '#ffb300', fg: '#3e2723', label: 'Unclassified' },
};

/** Whether a zone has a badge (which then shows its title). @internal */
export function hasZoneBadge(zone: ZoneId): boolean {
  return zoneBadgeColours[zone] !== undefined;
}

/**
 * The zone badge: CPU Only in teal, Unclassified in amber; GPU zones have none.
 *
 * @internal
 */
export function ZoneBadge({ zone }: { zone: ZoneId }) {
  const classes = useStyles();
  const colours = zoneBadgeColours[zone];
  if (!colours) return null;
  return (
    <Chip
      size="small"
      label={colours.label}
      className={classes.badge}
      style={{ backgroundColor: colours.bg, color: colours.fg }}
      data-testid={`zone-badge-${zone}`}
    />
  );
}

// Every badge colour carries white text at WCAG AA contrast (4.5:1 or more).
const knownSchedulers: Record<string, string> = {
  'default-scheduler': '#546e7a',
  volcano: '#bf360c',
  'kai-scheduler': '#6a1b9a',
};
const palette = [
  '#1565c0',
  '#2e7d32',
  '#ad1457',
  '#4527a0',
  '#006064',
  '#5d4037',
];

/**
 * A stable colour per pod scheduler: the well-known ones have their own, others get one
 * from a palette by name, so the same scheduler has the same colour everywhere.
 *
 * @internal
 */
export function schedulerColour(scheduler: string): string {
  if (knownSchedulers[scheduler]) return knownSchedulers[scheduler];
  let hash = 0;
  for (const ch of scheduler) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}

/** @internal */
export function SchedulerBadge({ scheduler }: { scheduler: string }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={scheduler}
      className={classes.badge}
      style={{ backgroundColor: schedulerColour(scheduler), color: '#fff' }}
    />
  );
}

/** @internal */
export function GpuTypeChips(props: { types: string[]; more?: number }) {
  const classes = useStyles();
  return (
    <>
      {props.types.map(t => (
        <Chip
          key={t}
          size="small"
          variant="outlined"
          label={t}
          className={classes.badge}
        />
      ))}
      {props.more ? (
        <Chip
          size="small"
          variant="outlined"
          label={`+${props.more} more`}
          className={classes.badge}
        />
      ) : null}
    </>
  );
}
