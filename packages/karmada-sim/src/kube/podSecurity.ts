/**
 * Pod Security admission (`PodSecurity`, kube-apiserver's built-in plugin): the checks of
 * the `baseline` and `restricted` Pod Security Standards, with the messages of
 * kubernetes/kubernetes `staging/src/k8s.io/pod-security-admission/policy/check_*.go`
 * and the aggregation of `policy/checks.go` (`AggregateCheckResult.ForbiddenDetail`) and
 * `admission/admission.go` (`violates PodSecurity "<level>:<version>": ...`).
 *
 * Only the namespace's `pod-security.kubernetes.io/enforce` label (and its
 * `enforce-version`) is honoured; `warn` and `audit` only produce warnings and audit
 * annotations in a real server and are ignored here. Windows pods, user-namespace pods
 * (`hostUsers: false`) and the AppArmor, SELinux, procMount and sysctl checks are not
 * modelled.
 */

/** The label that sets a namespace's enforced level. @public */
export const POD_SECURITY_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
/** The label that pins the enforced level's version (default `latest`). @public */
export const POD_SECURITY_ENFORCE_VERSION_LABEL =
  'pod-security.kubernetes.io/enforce-version';

/** A Pod Security Standard level. @public */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** A failed check: its reason and detail (`policy.CheckResult`). @public */
export interface PodSecurityViolation {
  reason: string;
  detail: string;
}

type Check = (spec: any) => PodSecurityViolation | undefined;

const pluralize = (one: string, many: string, n: number) =>
  n === 1 ? one : many;
const joinQuote = (items: string[]) =>
  items.map(i => JSON.stringify(i)).join(', ');
const containerWord = (names: string[]) =>
  pluralize('container', 'containers', names.length);

/** `visitContainers`: init containers, containers, then ephemeral containers. */
function containersOf(spec: any): any[] {
  return [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ];
}

// ---------------------------------------------------------------- baseline

/** check_capabilities_baseline.go: `capabilities_allowed_1_0`. */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** check_capabilities_baseline.go */
const capabilitiesBaseline: Check = spec => {
  const bad: string[] = [];
  const caps = new Set<string>();
  for (const c of containersOf(spec)) {
    let valid = true;
    for (const cap of c?.securityContext?.capabilities?.add ?? []) {
      if (!BASELINE_CAPABILITIES.has(cap)) {
        valid = false;
        caps.add(cap);
      }
    }
    if (!valid) bad.push(c.name);
  }
  if (bad.length === 0) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containerWord(bad)} ${joinQuote(
      bad,
    )} must not include ${joinQuote(
      [...caps].sort(),
    )} in securityContext.capabilities.add`,
  };
};

/** check_hostNamespaces.go */
const hostNamespaces: Check = spec => {
  const set: string[] = [];
  if (spec?.hostNetwork) set.push('hostNetwork=true');
  if (spec?.hostPID) set.push('hostPID=true');
  if (spec?.hostIPC) set.push('hostIPC=true');
  return set.length
    ? { reason: 'host namespaces', detail: set.join(', ') }
    : undefined;
};

/** check_hostPathVolumes.go */
const hostPathVolumes: Check = spec => {
  const names = (spec?.volumes ?? [])
    .filter((v: any) => v?.hostPath)
    .map((v: any) => v.name);
  return names.length
    ? {
        reason: 'hostPath volumes',
        detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(
          names,
        )}`,
      }
    : undefined;
};

/** check_hostPorts.go */
const hostPorts: Check = spec => {
  const bad: string[] = [];
  const ports = new Set<string>();
  for (const c of containersOf(spec)) {
    let valid = true;
    for (const p of c?.ports ?? []) {
      if (p?.hostPort) {
        valid = false;
        ports.add(String(p.hostPort));
      }
    }
    if (!valid) bad.push(c.name);
  }
  if (bad.length === 0) return undefined;
  // Go's sets.String.List() sorts as strings.
  const list = [...ports].sort();
  return {
    reason: 'hostPort',
    detail: `${containerWord(bad)} ${joinQuote(bad)} ${pluralize(
      'uses',
      'use',
      bad.length,
    )} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
  };
};

/** check_privileged.go */
const privileged: Check = spec => {
  const bad = containersOf(spec)
    .filter(c => c?.securityContext?.privileged === true)
    .map(c => c.name);
  return bad.length
    ? {
        reason: 'privileged',
        detail: `${containerWord(bad)} ${joinQuote(
          bad,
        )} must not set securityContext.privileged=true`,
      }
    : undefined;
};

/** check_seccompProfile_baseline.go: only `Unconfined` is forbidden. */
const seccompBaseline: Check = spec => {
  const setters: string[] = [];
  const values = new Set<string>();
  if (spec?.securityContext?.seccompProfile?.type === 'Unconfined') {
    setters.push('pod');
    values.add('Unconfined');
  }
  const bad = containersOf(spec)
    .filter(c => c?.securityContext?.seccompProfile?.type === 'Unconfined')
    .map(c => c.name);
  if (bad.length) {
    setters.push(`${containerWord(bad)} ${joinQuote(bad)}`);
    values.add('Unconfined');
  }
  return setters.length
    ? {
        reason: 'seccompProfile',
        detail: `${setters.join(
          ' and ',
        )} must not set securityContext.seccompProfile.type to ${joinQuote([
          ...values,
        ])}`,
      }
    : undefined;
};

// ---------------------------------------------------------------- restricted

/** check_allowPrivilegeEscalation.go */
const allowPrivilegeEscalation: Check = spec => {
  const bad = containersOf(spec)
    .filter(c => c?.securityContext?.allowPrivilegeEscalation !== false)
    .map(c => c.name);
  return bad.length
    ? {
        reason: 'allowPrivilegeEscalation != false',
        detail: `${containerWord(bad)} ${joinQuote(
          bad,
        )} must set securityContext.allowPrivilegeEscalation=false`,
      }
    : undefined;
};

/** check_capabilities_restricted.go: drop ALL, add at most NET_BIND_SERVICE. */
const capabilitiesRestricted: Check = spec => {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps = new Set<string>();
  for (const c of containersOf(spec)) {
    const capabilities = c?.securityContext?.capabilities;
    if (!(capabilities?.drop ?? []).includes('ALL')) missingDrop.push(c.name);
    let added = false;
    for (const cap of capabilities?.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') {
        added = true;
        caps.add(cap);
      }
    }
    if (added) adding.push(c.name);
  }
  const details: string[] = [];
  if (missingDrop.length)
    details.push(
      `${containerWord(missingDrop)} ${joinQuote(
        missingDrop,
      )} must set securityContext.capabilities.drop=["ALL"]`,
    );
  if (adding.length)
    details.push(
      `${containerWord(adding)} ${joinQuote(
        adding,
      )} must not include ${joinQuote(
        [...caps].sort(),
      )} in securityContext.capabilities.add`,
    );
  return details.length
    ? { reason: 'unrestricted capabilities', detail: details.join('; ') }
    : undefined;
};

const ALLOWED_VOLUME_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** check_restrictedVolumes.go: only the allowed sources; the others by their field name. */
const restrictedVolumes: Check = spec => {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const v of spec?.volumes ?? []) {
    const sources = Object.keys(v ?? {}).filter(k => k !== 'name');
    if (sources.some(s => ALLOWED_VOLUME_SOURCES.includes(s))) continue;
    bad.push(v.name);
    for (const s of sources) types.add(s);
  }
  if (bad.length === 0) return undefined;
  const list = [...types].sort();
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(
      bad,
    )} ${pluralize('uses', 'use', bad.length)} ${pluralize(
      'restricted volume type',
      'restricted volume types',
      list.length,
    )} ${joinQuote(list)}`,
  };
};

/** check_runAsNonRoot.go */
const runAsNonRoot: Check = spec => {
  const setters: string[] = [];
  const podValue = spec?.securityContext?.runAsNonRoot;
  if (podValue === false) setters.push('pod');
  const podNonRoot = podValue === true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containersOf(spec)) {
    const value = c?.securityContext?.runAsNonRoot;
    if (value === false) explicit.push(c.name);
    else if (value === undefined && !podNonRoot) implicit.push(c.name);
  }
  if (explicit.length)
    setters.push(`${containerWord(explicit)} ${joinQuote(explicit)}`);
  if (setters.length)
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(
        ' and ',
      )} must not set securityContext.runAsNonRoot=false`,
    };
  if (implicit.length)
    return {
      reason: 'runAsNonRoot != true',
      detail: `pod or ${containerWord(implicit)} ${joinQuote(
        implicit,
      )} must set securityContext.runAsNonRoot=true`,
    };
  return undefined;
};

/** check_runAsUser.go */
const runAsUser: Check = spec => {
  const setters: string[] = [];
  if (spec?.securityContext?.runAsUser === 0) setters.push('pod');
  const bad = containersOf(spec)
    .filter(c => c?.securityContext?.runAsUser === 0)
    .map(c => c.name);
  if (bad.length) setters.push(`${containerWord(bad)} ${joinQuote(bad)}`);
  return setters.length
    ? {
        reason: 'runAsUser=0',
        detail: `${setters.join(' and ')} must not set runAsUser=0`,
      }
    : undefined;
};

const validSeccomp = (type: unknown) =>
  type === 'RuntimeDefault' || type === 'Localhost';

/** check_seccompProfile_restricted.go */
const seccompRestricted: Check = spec => {
  const setters: string[] = [];
  const values = new Set<string>();
  let podSet = false;
  const pod = spec?.securityContext?.seccompProfile;
  if (pod) {
    if (!validSeccomp(pod.type)) {
      setters.push('pod');
      values.add(String(pod.type));
    } else podSet = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containersOf(spec)) {
    const profile = c?.securityContext?.seccompProfile;
    if (profile) {
      if (!validSeccomp(profile.type)) {
        explicit.push(c.name);
        values.add(String(profile.type));
      }
    } else if (!podSet) implicit.push(c.name);
  }
  if (explicit.length)
    setters.push(`${containerWord(explicit)} ${joinQuote(explicit)}`);
  if (setters.length)
    return {
      reason: 'seccompProfile',
      detail: `${setters.join(
        ' and ',
      )} must not set securityContext.seccompProfile.type to ${joinQuote(
        [...values].sort(),
      )}`,
    };
  if (implicit.length)
    return {
      reason: 'seccompProfile',
      detail: `pod or ${containerWord(implicit)} ${joinQuote(
        implicit,
      )} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    };
  return undefined;
};

/**
 * The checks of a level, in the order the evaluator runs them (`policy/registry.go`:
 * the baseline checks, then the restricted ones, each in file-name order; a restricted
 * check replaces the baseline check it overrides: capabilities, hostPath volumes by
 * restricted volume types, seccompProfile).
 */
function checksFor(level: PodSecurityLevel): Check[] {
  if (level === 'privileged') return [];
  const baseline: Check[] = [
    capabilitiesBaseline,
    hostNamespaces,
    hostPathVolumes,
    hostPorts,
    privileged,
    seccompBaseline,
  ];
  if (level === 'baseline') return baseline;
  const overridden = [capabilitiesBaseline, hostPathVolumes, seccompBaseline];
  return [
    ...baseline.filter(c => !overridden.includes(c)),
    allowPrivilegeEscalation,
    capabilitiesRestricted,
    restrictedVolumes,
    runAsNonRoot,
    runAsUser,
    seccompRestricted,
  ];
}

/** The failed checks of a pod spec at a level. @public */
export function podSecurityViolations(
  level: PodSecurityLevel,
  spec: any,
): PodSecurityViolation[] {
  return checksFor(level)
    .map(check => check(spec))
    .filter((v): v is PodSecurityViolation => v !== undefined);
}

/**
 * The enforced level of a namespace, from its labels; undefined when none (or
 * `privileged`) is enforced, or the value is not a level.
 * @public
 */
export function enforcedLevel(
  labels: Record<string, string> | undefined,
): { level: PodSecurityLevel; version: string } | undefined {
  const level = labels?.[POD_SECURITY_ENFORCE_LABEL];
  if (level !== 'baseline' && level !== 'restricted') return undefined;
  return {
    level,
    version: labels?.[POD_SECURITY_ENFORCE_VERSION_LABEL] || 'latest',
  };
}

/**
 * Why Pod Security admission refuses a pod in a namespace with these labels, or
 * undefined: `violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false
 * (container "x" must set securityContext.allowPrivilegeEscalation=false), ...`.
 * @public
 */
export function podSecurityError(
  namespaceLabels: Record<string, string> | undefined,
  spec: any,
): string | undefined {
  const enforced = enforcedLevel(namespaceLabels);
  if (!enforced) return undefined;
  const violations = podSecurityViolations(enforced.level, spec);
  if (violations.length === 0) return undefined;
  return `violates PodSecurity "${enforced.level}:${
    enforced.version
  }": ${violations
    .map(v => (v.detail ? `${v.reason} (${v.detail})` : v.reason))
    .join(', ')}`;
}
