import Chip from '@material-ui/core/Chip';
import type { DeploymentPhase } from '@h-mas/plugin-hmas-common';

const phaseStyle: Record<
  DeploymentPhase,
  { label: string; bg: string; fg: string }
> = {
  pending: { label: 'Pending', bg: '#eceff1', fg: '#37474f' },
  unschedulable: { label: 'Unschedulable', bg: '#c62828', fg: '#fff' },
  scheduled: { label: 'Scheduled', bg: '#e3f2fd', fg: '#0d47a1' },
  applied: { label: 'Applied', bg: '#e3f2fd', fg: '#0d47a1' },
  'loading-model': { label: 'Loading model', bg: '#fff8e1', fg: '#8d6e00' },
  ready: { label: 'Ready', bg: '#2e7d32', fg: '#fff' },
  failed: { label: 'Failed', bg: '#c62828', fg: '#fff' },
};

/**
 * A deployment's phase as a coloured chip; "Ready" only once every replica's readiness probe
 * passes.
 *
 * @internal
 */
export function PhaseChip({ phase }: { phase: DeploymentPhase }) {
  const style = phaseStyle[phase];
  return (
    <Chip
      size="small"
      label={style.label}
      style={{ backgroundColor: style.bg, color: style.fg, fontWeight: 600 }}
    />
  );
}
