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
      envText(e.name, e.valueFrom ?? e.value ?? ''),
    ),
    probes: {
      startup: probeText(container.startupProbe),
      readiness: probeText(container.readinessProbe),
      liveness: probeText(container.livenessProbe),
    },
  };
}

/**
 * One env var as the portal shows it: `NAME=value`, or `NAME from secret name/key` for a
 * value read from a Secret (a deployment's own Secret holds what was entered as a secret).
 * Takes a spec's env value or a container env entry's `valueFrom`.
 */
export function envText(name: string, value: unknown): string {
  const ref = (value as { secretKeyRef?: { name: string; key: string } })
    ?.secretKeyRef;
  if (ref) return `${name} from secret ${ref.name}/${ref.key}`;
  return `${name}=${typeof value === 'string' ? value : ''}`;
}
