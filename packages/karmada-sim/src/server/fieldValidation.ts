/**
 * Unknown fields on writes, as kube-apiserver's handlers treat them
 * (`staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,update,patch}.go`):
 * unknown fields are dropped while decoding (structural pruning for custom resources,
 * the Go types for built-ins), and `?fieldValidation=` decides what the client hears:
 * `Ignore` nothing, `Warn` (the default when the parameter is absent) a `Warning: 299`
 * header per field, `Strict` a 400. A server-side apply patch is converted to a typed
 * object first, which fails on an undeclared field whatever the directive.
 */

import type { ResourceDef } from '../resources';
import { groupVersion } from '../resources';
import { StatusError, errors } from '../store';
import { pruneBySchema } from '../karmada/prune';
import { vendoredCrdSchemas } from '../karmada/crds';
import { pruneBuiltin } from '../kube/knownFields';

/** The `fieldValidation` directive of a write. @internal */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/**
 * The directive of a request: `Warn` when absent (`fieldValidation()` in the handlers),
 * 422 for an unsupported value, as `ValidateCreateOptions` answers.
 * @internal
 */
export function fieldValidationOf(
  query: URLSearchParams,
  options: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions',
): FieldValidation {
  const value = query.get('fieldValidation') ?? '';
  if (value === '') return 'Warn';
  if (value === 'Ignore' || value === 'Warn' || value === 'Strict')
    return value;
  throw errors.invalid({ kind: options, group: 'meta.k8s.io' }, '', [
    {
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: "${value}": supported values: "", "Ignore", "Strict", "Warn"`,
      field: 'fieldValidation',
    },
  ]);
}

/**
 * Drops the fields `obj` (mutated) has that its type does not declare; returns their
 * paths (`spec.bogus`). Custom resources are pruned by their CRD's schema; built-ins of
 * the kinds in `BUILTIN_KNOWN_FIELDS` at the top level, in `metadata` and in `spec`.
 * Other kinds (Cluster, Pods, ...) are not checked.
 * @internal
 */
export function pruneUnknownFields(
  r: ResourceDef,
  obj: Record<string, any>,
): string[] {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [];
  if (!r.builtin) {
    const found = vendoredCrdSchemas().find(groupVersion(r), r.kind);
    return found ? pruneBySchema(found.version.schema, obj) : [];
  }
  return pruneBuiltin(r.group, r.kind, obj);
}

/** The `Warning` header values for dropped fields (`299 - "unknown field \"spec.bogus\""`). @internal */
export function unknownFieldWarnings(paths: string[]): string[] {
  return paths.map(p => {
    const text = `unknown field "${p}"`;
    return `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
}

/**
 * Prunes a create or update body (or a merge / strategic merge patch) and applies the
 * directive: returns the warnings to send (none for `Ignore`), or throws the 400 of
 * `Strict`: on create and update
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bogus"`
 * (`transformDecodeError`), on a patch `strict decoding error: unknown field "spec.bogus"`.
 * @internal
 */
export function checkUnknownFields(
  r: ResourceDef,
  obj: Record<string, any>,
  directive: FieldValidation,
  verb: 'create' | 'update' | 'patch',
): string[] {
  const pruned = pruneUnknownFields(r, obj);
  if (!pruned.length || directive === 'Ignore') return [];
  if (directive === 'Warn') return unknownFieldWarnings(pruned);
  const strict = `strict decoding error: ${pruned
    .map(p => `unknown field "${p}"`)
    .join(', ')}`;
  throw errors.badRequest(
    verb === 'patch'
      ? strict
      : `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${strict}`,
  );
}

/**
 * Server-side apply: an applied configuration with a field the type does not declare is
 * refused while it is converted to a typed object, with structured-merge-diff's error as
 * a 500 with no reason (a plain error through `ErrorToAPIStatus`), e.g.
 * `failed to create typed patch object (team-a/web; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema`.
 * @internal
 */
export function checkApplyFields(
  r: ResourceDef,
  applied: Record<string, any>,
  name: string,
  namespace: string | undefined,
): void {
  const copy = structuredClone(applied);
  const pruned = pruneUnknownFields(r, copy);
  if (!pruned.length) return;
  const lines = pruned.map(p => `.${p}: field not declared in schema`);
  const detail =
    lines.length === 1 ? lines[0] : `errors:\n  ${lines.join('\n  ')}`;
  const error = new StatusError(
    500,
    '',
    `failed to create typed patch object (${namespace ?? ''}/${name}; ${
      r.group ? `${r.group}/${r.version}` : `/${r.version}`
    }, Kind=${r.kind}): ${detail}`,
  );
  delete (error.status as { reason?: string }).reason;
  throw error;
}
