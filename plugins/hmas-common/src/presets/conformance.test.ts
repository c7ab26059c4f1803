import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { CRD_FILES, crdDir, crdValidators } from '../__testUtils__/karmadaCrds';

/**
 * Every preset golden PropagationPolicy and OverridePolicy must be accepted by the Karmada
 * CRDs' `openAPIV3Schema` and by the webhook rules the presets touch; the Deployments by
 * kubernetes-models. The CRDs come from /work/shared/reference/karmada (the authority,
 * absent on a fresh clone) or else from the copies vendored in packages/karmada-sim/crds
 * (read by path: hmas-common must not depend on the simulator), as in
 * `deployments/conformance.test.ts`.
 */
const GOLDEN_DIR = path.join(__dirname, '__golden__');

/** Karmada webhook rules (not in the schema) that presets can break. */
function webhookErrors(policy: any): string[] {
  const errors: string[] = [];
  const app = policy.spec.failover?.application;
  if (app && policy.spec.propagateDeps !== true) {
    errors.push('application failover without propagateDeps');
  }
  if (app?.gracePeriodSeconds !== undefined && app.purgeMode !== 'Gracefully') {
    errors.push('gracePeriodSeconds without purgeMode Gracefully');
  }
  const spread: any[] = policy.spec.placement.spreadConstraints ?? [];
  const fields = spread.map(c => c.spreadByField).filter(Boolean);
  if (fields.length > 0 && !fields.includes('cluster')) {
    errors.push('spreadByField without a cluster constraint');
  }
  for (const c of spread) {
    if (c.maxGroups !== undefined && c.minGroups > c.maxGroups) {
      errors.push('maxGroups below minGroups');
    }
  }
  return errors;
}

const goldenFiles = fs
  .readdirSync(GOLDEN_DIR)
  .filter(f => f.startsWith('preset-') && f.endsWith('.yaml'))
  .sort();

const goldenObjects = goldenFiles.flatMap(file =>
  YAML.parseAllDocuments(fs.readFileSync(path.join(GOLDEN_DIR, file), 'utf8'))
    .map(doc => doc.toJS())
    .map(obj => [`${file} ${obj.kind} ${obj.metadata.name}`, obj] as const),
);

describe('conformance of the preset golden manifests', () => {
  const validators = crdValidators(crdDir('the preset goldens'));

  it('has a PropagationPolicy in every preset golden file', () => {
    expect(goldenFiles.length).toBeGreaterThanOrEqual(6);
    for (const file of goldenFiles) {
      expect(
        goldenObjects.filter(
          ([name, obj]) =>
            name.startsWith(`${file} `) && obj.kind === 'PropagationPolicy',
        ),
      ).toHaveLength(1);
    }
  });

  it.each(goldenObjects.filter(([, obj]) => obj.kind in CRD_FILES))(
    '%s is valid against its Karmada CRD',
    (_, obj) => {
      const validate = validators[obj.kind];
      const valid = validate(obj);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it.each(goldenObjects.filter(([, obj]) => obj.kind === 'PropagationPolicy'))(
    '%s passes the Karmada webhook rules presets touch',
    (_, obj) => {
      expect(webhookErrors(obj)).toEqual([]);
    },
  );

  it.each(goldenObjects.filter(([, obj]) => obj.kind === 'Deployment'))(
    '%s is a valid Kubernetes Deployment',
    (_, obj) => {
      expect(() => new Deployment(obj).validate()).not.toThrow();
    },
  );

  // The checks must be able to fail, or the ones above prove nothing.
  it.each([
    [
      'a misspelt failover field',
      { failover: { application: { purgemode: 'Gracefully' } } },
    ],
    [
      'an unknown purge mode',
      { failover: { application: { purgeMode: 'Later' } } },
    ],
    [
      'an unknown spread field',
      {
        placement: {
          clusterAffinity: {},
          spreadConstraints: [{ spreadByField: 'rack' }],
        },
      },
    ],
    [
      'a static weight without a target',
      {
        placement: {
          replicaScheduling: {
            replicaSchedulingType: 'Divided',
            weightPreference: { staticWeightList: [{ weight: 1 }] },
          },
        },
      },
    ],
  ])('the CRD rejects %s', (_, specPart) => {
    const policy = {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'PropagationPolicy',
      metadata: { name: 'x' },
      spec: {
        resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }],
        placement: {},
        ...specPart,
      },
    };
    const validate = validators.PropagationPolicy;
    expect(validate(policy)).toBe(false);
  });

  it.each([
    [
      'failover without propagateDeps',
      { failover: { application: { purgeMode: 'Directly' } } },
    ],
    [
      'a grace period with purgeMode Never',
      {
        propagateDeps: true,
        failover: {
          application: { purgeMode: 'Never', gracePeriodSeconds: 10 },
        },
      },
    ],
    [
      'a region spread alone',
      { placement: { spreadConstraints: [{ spreadByField: 'region' }] } },
    ],
  ])('the webhook rules reject %s', (_, spec) => {
    expect(webhookErrors({ spec: { placement: {}, ...spec } })).not.toEqual([]);
  });
});
