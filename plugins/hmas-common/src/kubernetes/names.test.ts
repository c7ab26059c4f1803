import { z } from 'zod';
import { formatZodError } from '../errors';
import {
  clusterNameError,
  dns1035LabelError,
  dns1123LabelError,
  dns1123LabelSchema,
  dns1123SubdomainError,
  gpuCountSchema,
  kubernetesPatterns,
  labelKeyError,
  labelValueError,
  replicasSchema,
} from './names';

describe('labelKeyError', () => {
  it.each([
    'gpu-tier',
    'a',
    'A.b_c-9',
    'h-mas.io/gpu-tier',
    'kubernetes.io/hostname',
    `${'a'.repeat(253)}/x`,
    'x'.repeat(63),
  ])('accepts %s', key => {
    expect(labelKeyError(key)).toBeUndefined();
  });

  it.each([
    ['', 'Key must not be empty'],
    ['/gpu', 'Key prefix must not be empty'],
    ['h-mas.io/', 'Key name must not be empty'],
    [`${'a'.repeat(254)}/x`, 'Key prefix must be at most 253 characters'],
    ['H-MAS.io/x', 'Key prefix must be a DNS subdomain'],
    ['-bad.io/x', 'Key prefix must be a DNS subdomain'],
    ['x'.repeat(64), 'Key name must be at most 63 characters'],
    ['-gpu', 'Key name must consist of'],
    ['gpu-', 'Key name must consist of'],
    ['gpu tier', 'Key name must consist of'],
    ['a/b/c', 'Key name must consist of'],
    ['gpü', 'Key name must consist of'],
  ])('rejects %j: %s', (key, message) => {
    expect(labelKeyError(key)).toContain(message);
  });
});

describe('labelValueError', () => {
  it.each(['', 'h100', 'A100_80GB', 'v1.2-3', 'x'.repeat(63)])(
    'accepts %j',
    value => {
      expect(labelValueError(value)).toBeUndefined();
    },
  );

  it.each([
    ['x'.repeat(64), 'at most 63'],
    ['-h100', 'must consist of'],
    ['h100.', 'must consist of'],
    ['a/b', 'must consist of'],
    ['two words', 'must consist of'],
  ])('rejects %j', (value, message) => {
    expect(labelValueError(value)).toContain(message);
  });
});

describe('DNS names', () => {
  it.each([
    ['a', undefined],
    ['model-1', undefined],
    ['9lives', undefined],
    ['x'.repeat(63), undefined],
    ['x'.repeat(64), 'must be at most 63 characters'],
    ['', 'must be a DNS-1123 label'],
    ['-a', 'must be a DNS-1123 label'],
    ['a-', 'must be a DNS-1123 label'],
    ['Bad_Name', 'must be a DNS-1123 label'],
    ['a.b', 'must be a DNS-1123 label'],
  ])('DNS-1123 label %j', (value, error) => {
    const got = dns1123LabelError(value);
    expect(got && got.slice(0, (error ?? '').length)).toBe(error);
  });

  it.each([
    ['chat', undefined],
    ['9lives', 'must start with a lowercase letter'],
    ['a'.repeat(41), 'must be at most 40 characters'],
  ])('DNS-1035 label %j (max 40)', (value, error) => {
    const got = dns1035LabelError(value, undefined, 40);
    expect(got && got.slice(0, (error ?? '').length)).toBe(error);
  });

  it.each([
    ['a.b.c', undefined],
    ['inference-critical', undefined],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}`, undefined],
    ['a..b', 'must be a DNS-1123 subdomain'],
    ['A.b', 'must be a DNS-1123 subdomain'],
    ['a'.repeat(254), 'must be at most 253 characters'],
  ])('DNS-1123 subdomain %j', (value, error) => {
    const got = dns1123SubdomainError(value);
    expect(got && got.slice(0, (error ?? '').length)).toBe(error);
  });

  it('names the value when asked, for messages without a field path', () => {
    expect(dns1123LabelError('Bad', 'Namespace')).toBe(
      'Namespace must be a DNS-1123 label: lowercase letters, digits and -, starting and ending with a letter or digit',
    );
    expect(clusterNameError('a'.repeat(49), 'Cluster name')).toBe(
      'Cluster name must be at most 48 characters (Karmada prefixes karmada-es-)',
    );
    expect(clusterNameError('a'.repeat(48))).toBeUndefined();
    expect(
      formatZodError(
        z.object({ ns: dns1123LabelSchema() }).safeParse({ ns: 'A' }).error!,
      ),
    ).toContain('ns: must be a DNS-1123 label');
  });

  it('the patterns agree with the checks', () => {
    const samples = ['a', 'a-b', 'A', '-a', 'a.b', 'a_b', '9a', 'x'.repeat(63)];
    for (const value of samples) {
      expect(new RegExp(kubernetesPatterns.dns1123Label).test(value)).toBe(
        dns1123LabelError(value) === undefined,
      );
      expect(new RegExp(kubernetesPatterns.dns1035Label).test(value)).toBe(
        dns1035LabelError(value) === undefined,
      );
      expect(new RegExp(kubernetesPatterns.dns1123Subdomain).test(value)).toBe(
        dns1123SubdomainError(value) === undefined,
      );
      expect(new RegExp(kubernetesPatterns.labelValue).test(value)).toBe(
        labelValueError(value) === undefined,
      );
    }
  });
});

describe('sizes', () => {
  it.each([
    [1, true],
    [50, true],
    [0, false],
    [51, false],
    [1.5, false],
  ])('replicas %j', (value, ok) => {
    expect(replicasSchema.safeParse(value).success).toBe(ok);
  });

  it.each([
    [0, true],
    [16, true],
    [17, false],
    [-1, false],
  ])('GPU count %j', (value, ok) => {
    expect(gpuCountSchema.safeParse(value).success).toBe(ok);
  });
});
