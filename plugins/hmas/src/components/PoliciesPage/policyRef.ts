/** `namespace/name`, or the name of a cluster-scoped policy. @internal */
export const policyRef = (p: { namespace?: string; name: string }) =>
  p.namespace ? `${p.namespace}/${p.name}` : p.name;
