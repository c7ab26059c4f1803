import { compareNames } from './compare';
import { KubeObject } from '../types';
import { matchLabelSelector } from './selectors';

/**
 * How specifically a resource selector matches (Karmada's `ImplicitPriority`): a name
 * beats a label selector, which beats apiVersion/kind alone.
 * @public
 */
export enum SelectorMatch {
  MisMatch = 0,
  MatchAll = 1,
  MatchLabelSelector = 2,
  MatchName = 3,
}

/**
 * Karmada's `ResourceSelectorPriority`: apiVersion, kind and (when set) namespace must be
 * equal; a name, when set, decides alone (the label selector is then ignored).
 * @public
 */
export function resourceSelectorMatch(
  resource: KubeObject,
  selector: any,
): SelectorMatch {
  if (!selector) return SelectorMatch.MisMatch;
  if (
    resource.apiVersion !== selector.apiVersion ||
    resource.kind !== selector.kind
  ) {
    return SelectorMatch.MisMatch;
  }
  if (
    selector.namespace &&
    selector.namespace !== (resource.metadata.namespace ?? '')
  ) {
    return SelectorMatch.MisMatch;
  }
  if (selector.name) {
    return selector.name === resource.metadata.name
      ? SelectorMatch.MatchName
      : SelectorMatch.MisMatch;
  }
  if (!selector.labelSelector) return SelectorMatch.MatchAll;
  return matchLabelSelector(selector.labelSelector, resource.metadata.labels)
    ? SelectorMatch.MatchLabelSelector
    : SelectorMatch.MisMatch;
}

/**
 * The best match among a policy's resource selectors. An override policy without
 * selectors matches every resource in its scope.
 * @public
 */
export function policySelectorMatch(
  resource: KubeObject,
  policy: KubeObject,
): SelectorMatch {
  const selectors: any[] = policy.spec?.resourceSelectors ?? [];
  if (selectors.length === 0 && /OverridePolicy$/.test(policy.kind))
    return SelectorMatch.MatchAll;
  return selectors.reduce<SelectorMatch>(
    (best, rs) => Math.max(best, resourceSelectorMatch(resource, rs)),
    SelectorMatch.MisMatch,
  );
}

/** Namespaces Karmada never propagates from (its own and the system's). */
function isReservedNamespace(namespace: string | undefined): boolean {
  if (!namespace) return false;
  return (
    namespace === 'karmada-system' ||
    namespace === 'karmada-cluster' ||
    namespace.startsWith('karmada-es-') ||
    namespace.startsWith('kube-')
  );
}

/** Whether a policy may act on the resource at all, before its selectors are looked at. */
function inScope(
  resource: KubeObject,
  policy: KubeObject,
  namespacedKind: string,
): boolean {
  if (policy.metadata.deletionTimestamp) return false;
  if (policy.kind === namespacedKind) {
    // A namespaced policy only sees resources of its own namespace.
    return (
      Boolean(resource.metadata.namespace) &&
      policy.metadata.namespace === resource.metadata.namespace
    );
  }
  return true;
}

function highestPriority(
  resource: KubeObject,
  policies: KubeObject[],
): KubeObject | undefined {
  let best:
    | { policy: KubeObject; explicit: number; implicit: SelectorMatch }
    | undefined;
  for (const policy of policies) {
    const implicit = policySelectorMatch(resource, policy);
    if (implicit === SelectorMatch.MisMatch) continue;
    const explicit = Number(policy.spec?.priority ?? 0);
    const name = policy.metadata.name ?? '';
    if (
      !best ||
      explicit > best.explicit ||
      (explicit === best.explicit &&
        (implicit > best.implicit ||
          (implicit === best.implicit &&
            name < (best.policy.metadata.name ?? ''))))
    ) {
      best = { policy, explicit, implicit };
    }
  }
  return best?.policy;
}

/**
 * The policy Karmada's resource detector binds a resource to: a PropagationPolicy of the
 * resource's namespace wins over any ClusterPropagationPolicy; within a kind the highest
 * `spec.priority` (default 0) wins, then the most specific selector match, then the
 * alphabetically first name. Resources in reserved namespaces (`karmada-system`,
 * `karmada-cluster`, `karmada-es-*`, `kube-*`) are never propagated.
 * @public
 */
export function matchPropagationPolicy(
  resource: KubeObject,
  policies: KubeObject[],
): KubeObject | undefined {
  if (isReservedNamespace(resource.metadata.namespace)) return undefined;
  const namespaced = policies.filter(
    p =>
      p.kind === 'PropagationPolicy' &&
      inScope(resource, p, 'PropagationPolicy'),
  );
  const clusterWide = policies.filter(
    p =>
      p.kind === 'ClusterPropagationPolicy' &&
      inScope(resource, p, 'PropagationPolicy'),
  );
  return (
    highestPriority(resource, namespaced) ??
    highestPriority(resource, clusterWide)
  );
}

/**
 * Every override policy that applies to the resource, in the order Karmada applies them
 * (so later ones win): ClusterOverridePolicies first, then OverridePolicies of the
 * resource's namespace, each sorted by selector specificity ascending, then by name.
 * @public
 */
export function matchOverridePolicies(
  resource: KubeObject,
  policies: KubeObject[],
): KubeObject[] {
  const sorted = (kind: string) =>
    policies
      .filter(p => p.kind === kind && inScope(resource, p, 'OverridePolicy'))
      .map(p => ({ p, match: policySelectorMatch(resource, p) }))
      .filter(x => x.match !== SelectorMatch.MisMatch)
      .sort(
        (a, b) =>
          a.match - b.match ||
          compareNames(a.p.metadata.name ?? '', b.p.metadata.name ?? ''),
      )
      .map(x => x.p);
  return [...sorted('ClusterOverridePolicy'), ...sorted('OverridePolicy')];
}
