import { PolicyPreset, zoneById } from '@h-mas/plugin-hmas-common';

/** How a preset schedules replicas, in words. */
export function presetScheduling(p: PolicyPreset): string {
  const s = p.placement.replicaScheduling;
  if (s.type === 'Duplicated') return 'Duplicated';
  return s.weighting.mode === 'dynamic'
    ? 'Divided by available replicas'
    : 'Divided by static weights';
}

/** A preset's failover settings, in words. */
export function presetFailover(p: PolicyPreset): string {
  if (!p.failover) return 'off';
  const parts = [`after ${p.failover.tolerationSeconds} s`];
  if (p.failover.purgeMode) parts.push(`purge ${p.failover.purgeMode}`);
  if (p.failover.gracePeriodSeconds !== undefined) {
    parts.push(`grace ${p.failover.gracePeriodSeconds} s`);
  }
  return parts.join(', ');
}

/** One line: zone, scheduling and failover. */
export function presetSummary(p: PolicyPreset): string {
  const zone = p.placement.zone ? zoneById(p.placement.zone).title : 'any zone';
  return `${zone} · ${presetScheduling(p)} · failover ${presetFailover(p)}`;
}
