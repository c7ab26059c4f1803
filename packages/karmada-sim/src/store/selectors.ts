/**
 * Label and field selectors with the grammar of `k8s.io/apimachinery/pkg/labels` and
 * `pkg/fields`.
 */

import type { KubeObject } from '../types';
import type { ResourceDef } from '../resources';
import { errors } from './errors';

/** A compiled selector: true when the object matches. @public */
export type ObjectPredicate = (obj: KubeObject) => boolean;

type LabelRequirement =
  | { op: 'exists' | '!'; key: string }
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: '<' | '>'; key: string; value: number };

const KEY_RE = /^([a-zA-Z0-9.-]+\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const VALUE_RE = /^(([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?)$/;

/** Splits on commas that are not inside `( )`, because `in (a,b)` lists use commas too. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(t => t.length > 0);
}

function checkKey(key: string, term: string) {
  if (!KEY_RE.test(key)) {
    throw errors.badRequest(
      `unable to parse requirement: invalid label key "${key}" in "${term}"`,
    );
  }
}

function checkValue(value: string, term: string) {
  if (!VALUE_RE.test(value) || value.length > 63) {
    throw errors.badRequest(
      `unable to parse requirement: invalid label value "${value}" in "${term}"`,
    );
  }
}

function parseLabelTerm(term: string): LabelRequirement {
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (setMatch) {
    const [, key, op, list] = setMatch;
    checkKey(key, term);
    const values = list.split(',').map(v => v.trim());
    values.forEach(v => checkValue(v, term));
    return { op: op as 'in' | 'notin', key, values };
  }
  if (term.startsWith('!')) {
    const key = term.slice(1).trim();
    checkKey(key, term);
    return { op: '!', key };
  }
  const opMatch = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(term);
  if (opMatch) {
    const [, key, op, rawValue] = opMatch;
    const value = rawValue.trim();
    checkKey(key, term);
    if (op === '<' || op === '>') {
      const n = Number(value);
      if (!/^-?\d+$/.test(value) || !Number.isFinite(n)) {
        throw errors.badRequest(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer: "${term}"`,
        );
      }
      return { op, key, value: n };
    }
    checkValue(value, term);
    return { op: op === '!=' ? '!=' : '=', key, value };
  }
  checkKey(term, term);
  return { op: 'exists', key: term };
}

function matchRequirement(
  r: LabelRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
      return has && v === r.value;
    case '!=':
      // A missing key matches `!=`, as in the real server.
      return !has || v !== r.value;
    case 'in':
      return has && r.values.includes(v);
    case 'notin':
      return !has || !r.values.includes(v);
    case '<':
    case '>': {
      if (!has || !/^-?\d+$/.test(v)) return false;
      return r.op === '<' ? Number(v) < r.value : Number(v) > r.value;
    }
    default:
      return false;
  }
}

/**
 * Compiles a `labelSelector` query value. Throws a 400 `StatusError` on a syntax error.
 * @public
 */
export function parseLabelSelector(
  selector: string | undefined,
): ObjectPredicate {
  if (!selector || !selector.trim()) return () => true;
  const reqs = splitTerms(selector).map(parseLabelTerm);
  return obj => {
    const labels = obj.metadata?.labels ?? {};
    return reqs.every(r => matchRequirement(r, labels));
  };
}

/** Extra field-selector keys per resource, beyond `metadata.name` / `metadata.namespace`. */
const FIELD_PATHS: Record<string, string[]> = {
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  secrets: ['type'],
  namespaces: ['status.phase'],
  nodes: ['spec.unschedulable'],
  replicasets: ['status.replicas'],
  jobs: ['status.successful'],
};

function fieldValue(obj: KubeObject, path: string): string {
  // Events expose `source` as the component name, as the real field-label conversion does.
  if (path === 'source') {
    const source = (obj as { source?: { component?: string } }).source;
    return source?.component ?? '';
  }
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return String(cur);
}

/**
 * Compiles a `fieldSelector` query value for one resource. Throws 400 for a field the
 * resource does not support (`field label not supported: <f>`) or a bad operator.
 * @public
 */
export function parseFieldSelector(
  selector: string | undefined,
  resource: Pick<ResourceDef, 'plural' | 'group'>,
): ObjectPredicate {
  if (!selector || !selector.trim()) return () => true;
  const allowed = new Set([
    'metadata.name',
    'metadata.namespace',
    ...(resource.group === '' ? FIELD_PATHS[resource.plural] ?? [] : []),
  ]);
  const reqs = splitTerms(selector).map(term => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) {
      throw errors.badRequest(
        `invalid selector: '${selector}'; can't understand '${term}'`,
      );
    }
    const [, field, op, value] = m;
    if (!allowed.has(field)) {
      throw errors.badRequest(`field label not supported: ${field}`);
    }
    return { field, negate: op === '!=', value: value.trim() };
  });
  return obj =>
    reqs.every(r => (fieldValue(obj, r.field) === r.value) !== r.negate);
}
