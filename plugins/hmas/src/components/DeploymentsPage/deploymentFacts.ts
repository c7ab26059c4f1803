/** One probe of the model-server container, in words. */
export function probeText(probe: any): string | undefined {
  if (!probe) return undefined;
  let action = 'unknown check';
  if (probe.httpGet) {
    action = `HTTP GET ${probe.httpGet.path ?? '/'} on port ${
      probe.httpGet.port
    }`;
  } else if (probe.exec) {
    action = `runs ${(probe.exec.command ?? []).join(' ')}`;
  } else if (probe.tcpSocket) {
    action = `TCP port ${probe.tcpSocket.port}`;
  }
  const period = probe.periodSeconds ?? 10;
  const failures = probe.failureThreshold ?? 3;
  const budget = failures > 3 ? ` (gives up after ${period * failures} s)` : '';
  return `${action} every ${period} s, fails after ${failures}${budget}`;
}

/**
 * What the model-server container of a deployment's manifests runs: image, resources,
 * effective env (runtime presets and the user's values) and probes.
 */
export function containerFacts(manifests: object[]):
  | {
      image: string;
      resources: string;
      env: string[];
      probes: { startup?: string; readiness?: string; liveness?: string };
    }
  | undefined {
  const deployment = manifests.find((m: any) => m.kind === 'Deployment') as any;
  const container = deployment?.spec?.template?.spec?.containers?.[0];
  if (!container) return undefined;
  const quantities = (r: Record<string, string> | undefined) =>
    Object.entries(r ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const requests = quantities(container.resources?.requests);
  const limits = quantities(container.resources?.limits);
  return {
    image: container.image,
    resources: [
      requests && `requests ${requests}`,
      limits && `limits ${limits}`,
    ]
      .filter(Boolean)
      .join('; '),
    env: (container.env ?? []).map((e: any) =>
      e.valueFrom?.secretKeyRef
        ? `${e.name} from secret ${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`
        : `${e.name}=${e.value ?? ''}`,
    ),
    probes: {
      startup: probeText(container.startupProbe),
      readiness: probeText(container.readinessProbe),
      liveness: probeText(container.livenessProbe),
    },
  };
}
