import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import {
  CRD_FILES,
  crdDir,
  crdValidators,
  REFERENCE_CRD_DIR,
  VENDORED_CRD_DIR,
} from '../__testUtils__/karmadaCrds';
import { PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';

/**
 * Every golden object must be accepted by the real schemas: core objects by
 * kubernetes-models, Karmada policies by the CRDs' `openAPIV3Schema`. The CRDs come from
 * /work/shared/reference/karmada (the authority, absent on a fresh clone) or else from the
 * copies vendored in packages/karmada-sim/crds (read by path: hmas-common must not depend
 * on the simulator).
 */
const GOLDEN_DIR = path.join(__dirname, '__golden__');

const goldenObjects = fs
  .readdirSync(GOLDEN_DIR)
  .filter(f => f.endsWith('.yaml'))
  .sort()
  .flatMap(file =>
    YAML.parseAllDocuments(fs.readFileSync(path.join(GOLDEN_DIR, file), 'utf8'))
      .map(doc => doc.toJS())
      .map(obj => [`${file} ${obj.kind} ${obj.metadata.name}`, obj] as const),
  );

const coreModels: Record<string, (obj: any) => void> = {
  Deployment: obj => new Deployment(obj).validate(),
  Service: obj => new Service(obj).validate(),
  PersistentVolumeClaim: obj => new PersistentVolumeClaim(obj).validate(),
  PodDisruptionBudget: obj => new PodDisruptionBudget(obj).validate(),
};

function validateCore(obj: any): void {
  coreModels[obj.kind](obj);
}

describe('conformance of the golden manifests', () => {
  const validators = crdValidators(crdDir('the deployment goldens'));

  // The reference lives next to the repository (/work/shared beside /work/main).
  it('looks for the reference folder beside the repository root', () => {
    const repoRoot = path.resolve(__dirname, '../../../..');
    expect(
      fs.existsSync(path.join(repoRoot, 'plugins/hmas-common/package.json')),
    ).toBe(true);
    expect(REFERENCE_CRD_DIR).toBe(
      path.join(path.dirname(repoRoot), 'shared', 'reference', 'karmada'),
    );
    expect(
      fs.existsSync(path.join(VENDORED_CRD_DIR, CRD_FILES.PropagationPolicy)),
    ).toBe(true);
  });

  it('finds golden objects of every kind', () => {
    const kinds = new Set(goldenObjects.map(([, obj]) => obj.kind));
    expect([...kinds].sort()).toEqual([
      'Deployment',
      'OverridePolicy',
      'PersistentVolumeClaim',
      'PodDisruptionBudget',
      'PropagationPolicy',
      'Service',
    ]);
  });

  it.each(goldenObjects.filter(([, obj]) => obj.kind in coreModels))(
    '%s is a valid Kubernetes object',
    (_, obj) => {
      expect(() => validateCore(obj)).not.toThrow();
    },
  );

  it.each(goldenObjects.filter(([, obj]) => obj.kind in CRD_FILES))(
    '%s is valid against its Karmada CRD',
    (_, obj) => {
      const validate = validators[obj.kind];
      const valid = validate(obj);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it.each(
    Object.values(Object.fromEntries(goldenObjects)).flatMap(obj => {
      const names = [obj.metadata.name, ...Object.values(obj.metadata.labels)];
      return names.map(n => [obj.kind, n] as const);
    }),
  )('%s name or label value %s fits 63 characters', (_, value) => {
    expect(String(value).length).toBeLessThanOrEqual(63);
  });

  // The validators must be able to fail, or the checks above prove nothing.
  it.each([
    [
      'PropagationPolicy without resourceSelectors',
      {
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'PropagationPolicy',
        metadata: { name: 'x' },
        spec: { placement: {} },
      },
    ],
    [
      'PropagationPolicy with a misspelt field',
      {
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'PropagationPolicy',
        metadata: { name: 'x' },
        spec: {
          resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }],
          placement: { clusterAfinity: {} },
        },
      },
    ],
    [
      'OverridePolicy with an unknown operator',
      {
        apiVersion: 'policy.karmada.io/v1alpha1',
        kind: 'OverridePolicy',
        metadata: { name: 'x' },
        spec: {
          overrideRules: [
            {
              overriders: {
                plaintext: [{ path: '/a', operator: 'set', value: 1 }],
              },
            },
          ],
        },
      },
    ],
  ])('rejects %s', (_, obj) => {
    expect(validators[obj.kind](obj)).toBe(false);
  });

  it('rejects an invalid core object', () => {
    expect(() =>
      validateCore({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'x' },
        spec: {
          selector: {},
          template: { spec: { containers: [{ image: 'a' }] } },
        },
      }),
    ).toThrow();
  });
});
