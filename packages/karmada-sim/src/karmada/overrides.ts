import { applyPatch, Operation } from 'fast-json-patch';
import YAML from 'yaml';
import { KubeObject } from '../types';
import { matchClusterAffinity } from './selectors';

/** The result of applying override policies for one member cluster. @public */
export interface OverrideResult {
  /** The member cluster's copy of the object. */
  object: KubeObject;
  /** Names of the policies with at least one rule for this cluster, in application order. */
  applied: string[];
  /**
   * Overriders that could not be applied (e.g. a JSON patch on a missing path); Karmada
   * would fail the Work, the simulator reports and skips them.
   */
  errors: string[];
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Where a kind keeps its pod spec, for the overriders that edit containers. */
function podSpecPath(kind: string): string[] | undefined {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'ReplicaSet':
    case 'Deployment':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
      return ['spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

function getPath(obj: any, path: string[]): any {
  return path.reduce(
    (cur, key) => (cur === undefined || cur === null ? undefined : cur[key]),
    obj,
  );
}

interface ImageParts {
  hostname: string;
  repository: string;
  tag: string;
  digest: string;
}

/** Splits an image reference like Karmada's imageparser (docker reference rules). */
function parseImage(image: string): ImageParts {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let hostname = '';
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      hostname = first;
      rest = rest.slice(slash + 1);
    }
  }
  return { hostname, repository: rest, tag, digest };
}

function imageToString(p: ImageParts): string {
  return `${p.hostname ? `${p.hostname}/` : ''}${p.repository}${
    p.tag ? `:${p.tag}` : ''
  }${p.digest ? `@${p.digest}` : ''}`;
}

function setTagOrDigest(p: ImageParts, value: string): void {
  if (
    /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/.test(
      value,
    )
  ) {
    p.digest = value;
    p.tag = '';
  } else {
    p.tag = value;
    p.digest = '';
  }
}

/**
 * Karmada's `overrideImage`: `add` appends to, `replace` sets, `remove` drops a component
 * (Registry, Repository or Tag) of an image reference.
 * @public
 */
export function overrideImage(image: string, overrider: any): string {
  const parts = parseImage(image);
  const value: string = overrider?.value ?? '';
  switch (overrider?.component) {
    case 'Registry':
      if (overrider.operator === 'add') parts.hostname += value;
      else if (overrider.operator === 'replace') parts.hostname = value;
      else if (overrider.operator === 'remove') parts.hostname = '';
      break;
    case 'Repository':
      if (overrider.operator === 'add') parts.repository += value;
      else if (overrider.operator === 'replace') parts.repository = value;
      else if (overrider.operator === 'remove') parts.repository = '';
      break;
    case 'Tag':
      if (overrider.operator === 'add')
        setTagOrDigest(parts, (parts.tag || parts.digest) + value);
      else if (overrider.operator === 'replace') setTagOrDigest(parts, value);
      else if (overrider.operator === 'remove') {
        parts.tag = '';
        parts.digest = '';
      }
      break;
    default:
      throw new Error(
        `unsupported image component ${JSON.stringify(overrider?.component)}`,
      );
  }
  return imageToString(parts);
}

function imagePatches(obj: KubeObject, overrider: any): Operation[] {
  if (overrider?.predicate?.path) {
    const pointer: string = overrider.predicate.path;
    const segments = pointer
      .split('/')
      .slice(1)
      .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const current = getPath(obj, segments);
    if (typeof current !== 'string') {
      throw new Error(
        `imageOverrider predicate path ${pointer} is not a string field`,
      );
    }
    return [
      {
        op: 'replace',
        path: pointer,
        value: overrideImage(current, overrider),
      },
    ];
  }
  const specPath = podSpecPath(obj.kind);
  if (!specPath) return [];
  const containers: any[] = getPath(obj, [...specPath, 'containers']) ?? [];
  return containers.map((c, i) => ({
    op: 'replace' as const,
    path: `/${[...specPath, 'containers', String(i), 'image'].join('/')}`,
    value: overrideImage(c?.image ?? '', overrider),
  }));
}

function commandArgsPatches(
  obj: KubeObject,
  overrider: any,
  target: 'command' | 'args',
): Operation[] {
  // Karmada's command/args overriders know pods and the four pod-template workloads.
  if (
    !['Pod', 'ReplicaSet', 'Deployment', 'DaemonSet', 'StatefulSet'].includes(
      obj.kind,
    )
  )
    return [];
  const specPath = podSpecPath(obj.kind)!;
  const containers: any[] = getPath(obj, [...specPath, 'containers']) ?? [];
  const values: string[] = overrider?.value ?? [];
  const patches: Operation[] = [];
  containers.forEach((c, i) => {
    if (c?.name !== overrider?.containerName) return;
    const path = `/${[...specPath, 'containers', String(i), target].join('/')}`;
    const current: string[] = Array.isArray(c[target])
      ? c[target].map(String)
      : [];
    let next = current;
    if (overrider.operator === 'add') next = [...current, ...values];
    else if (overrider.operator === 'remove')
      next = current.filter(v => !values.includes(v));
    patches.push({
      op: c[target] === undefined ? 'add' : 'replace',
      path,
      value: next,
    });
  });
  return patches;
}

function labelAnnotationPatches(
  obj: KubeObject,
  overrider: any,
  field: 'labels' | 'annotations',
): Operation[] {
  const existing: Record<string, string> | undefined = obj.metadata?.[
    field
  ] as any;
  const patches: Operation[] = [];
  const entries = Object.entries<string>(overrider?.value ?? {});
  if (overrider?.operator === 'add' && !existing && entries.length > 0) {
    patches.push({ op: 'add', path: `/metadata/${field}`, value: {} });
  }
  for (const [key, value] of entries) {
    const path = `/metadata/${field}/${escapePointer(key)}`;
    const present =
      existing !== undefined &&
      Object.prototype.hasOwnProperty.call(existing, key);
    // remove and replace only touch keys that exist, as Karmada does.
    if (overrider.operator === 'add') patches.push({ op: 'add', path, value });
    else if (overrider.operator === 'replace' && present)
      patches.push({ op: 'replace', path, value });
    else if (overrider.operator === 'remove' && present)
      patches.push({ op: 'remove', path });
  }
  return patches;
}

function subPathOperations(ops: any[]): Operation[] {
  return (ops ?? []).map((p: any) =>
    p.operator === 'remove'
      ? { op: 'remove', path: p.subPath }
      : { op: p.operator, path: p.subPath, value: p.value },
  ) as Operation[];
}

/** fieldOverrider: JSON patches inside a string field that holds JSON or YAML. */
function fieldPatches(obj: KubeObject, overrider: any): Operation[] {
  const pointer: string = overrider?.fieldPath ?? '';
  const segments = pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const raw = getPath(obj, segments);
  if (typeof raw !== 'string')
    throw new Error(`fieldOverrider path ${pointer} is not a string field`);
  let next = raw;
  if (overrider.json?.length) {
    const doc = JSON.parse(next);
    next = JSON.stringify(
      applyPatch(doc, subPathOperations(overrider.json), true, false)
        .newDocument,
    );
  }
  if (overrider.yaml?.length) {
    const doc = YAML.parse(next);
    next = YAML.stringify(
      applyPatch(doc, subPathOperations(overrider.yaml), true, false)
        .newDocument,
    );
  }
  return [{ op: 'replace', path: pointer, value: next }];
}

function plaintextPatches(overriders: any[]): Operation[] {
  return (overriders ?? []).map((p: any) =>
    p.operator === 'remove'
      ? { op: 'remove', path: p.path }
      : { op: p.operator, path: p.path, value: p.value },
  ) as Operation[];
}

/** Applies one rule's overriders in Karmada's order: image, command, args, labels, annotations, field, plaintext. */
function applyOverriders(
  obj: KubeObject,
  overriders: any,
  where: string,
  errors: string[],
): KubeObject {
  let current = obj;
  const run = (
    label: string,
    items: any[] | undefined,
    build: (o: KubeObject, item: any) => Operation[],
  ) => {
    (items ?? []).forEach((item, i) => {
      try {
        const patch = build(current, item);
        if (patch.length > 0) {
          current = applyPatch(current, patch, true, false)
            .newDocument as KubeObject;
        }
      } catch (e) {
        errors.push(`${where}.${label}[${i}]: ${(e as Error).message}`);
      }
    });
  };
  run('imageOverrider', overriders?.imageOverrider, imagePatches);
  run('commandOverrider', overriders?.commandOverrider, (o, x) =>
    commandArgsPatches(o, x, 'command'),
  );
  run('argsOverrider', overriders?.argsOverrider, (o, x) =>
    commandArgsPatches(o, x, 'args'),
  );
  run('labelsOverrider', overriders?.labelsOverrider, (o, x) =>
    labelAnnotationPatches(o, x, 'labels'),
  );
  run('annotationsOverrider', overriders?.annotationsOverrider, (o, x) =>
    labelAnnotationPatches(o, x, 'annotations'),
  );
  run('fieldOverrider', overriders?.fieldOverrider, fieldPatches);
  // Karmada applies all plaintext operations of a rule as one JSON patch.
  run(
    'plaintext',
    overriders?.plaintext?.length ? [overriders.plaintext] : [],
    (_o, list) => plaintextPatches(list),
  );
  return current;
}

/**
 * Produces a member cluster's copy of `obj` by applying override policies in the given
 * order (use `matchOverridePolicies` for Karmada's order): each `overrideRules[]` entry
 * whose `targetCluster` matches the cluster (absent: every cluster), or the legacy
 * `overriders` + `targetCluster` form. Never mutates its inputs.
 * @public
 */
export function applyOverrides(
  obj: KubeObject,
  overridePolicies: KubeObject[],
  cluster: KubeObject,
): OverrideResult {
  let current = structuredClone(obj);
  const applied: string[] = [];
  const errors: string[] = [];
  for (const policy of overridePolicies) {
    const spec = policy.spec ?? {};
    // The legacy form is one rule made of spec.targetCluster + spec.overriders.
    let rules: any[] = [];
    if (Array.isArray(spec.overrideRules)) rules = spec.overrideRules;
    else if (spec.overriders) {
      rules = [
        { targetCluster: spec.targetCluster, overriders: spec.overriders },
      ];
    }
    let used = false;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (
        rule?.targetCluster &&
        !matchClusterAffinity(rule.targetCluster, cluster)
      ) {
        continue;
      }
      used = true;
      const where = `${policy.kind}/${policy.metadata.name}${
        Array.isArray(spec.overrideRules) ? `.overrideRules[${i}]` : ''
      }`;
      current = applyOverriders(
        current,
        structuredClone(rule?.overriders),
        where,
        errors,
      );
    }
    if (used) applied.push(policy.metadata.name ?? '');
  }
  return { object: current, applied, errors };
}
