import type { KubeObject } from '../types';
import { StatusError } from './errors';
import { parseFieldSelector, parseLabelSelector } from './selectors';

const obj = (
  labels: Record<string, string>,
  extra: Partial<KubeObject> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', labels },
  ...extra,
});

describe('parseLabelSelector', () => {
  const labels = { app: 'web', tier: 'gpu', size: '4' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,api)', true],
    ['app in (api, db)', false],
    ['app notin (api,db)', true],
    ['app notin (web)', false],
    ['missing notin (a)', true],
    ['missing in (a)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['size>3', true],
    ['size<3', false],
    ['missing>1', false],
    [' app = web , tier in ( gpu , cpu ) ,!missing', true],
    ['app=web,tier=cpu', false],
    ['example.com/zone', false],
  ])('%j matches: %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(obj(labels))).toBe(expected);
  });

  it.each(['app=we b', 'ap p=x', 'size>abc', 'app in (bad value)'])(
    'rejects %j with 400',
    selector => {
      let error: unknown;
      try {
        parseLabelSelector(selector);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StatusError);
      expect((error as StatusError).code).toBe(400);
    },
  );
});

describe('parseFieldSelector', () => {
  const pods = { plural: 'pods', group: '' };
  const pod = obj(
    {},
    { spec: { nodeName: 'n1' }, status: { phase: 'Running' } },
  );
  it.each([
    ['metadata.name=p', true],
    ['metadata.name==p', true],
    ['metadata.name!=p', false],
    ['metadata.namespace=ns', true],
    ['spec.nodeName=n1,status.phase=Running', true],
    ['status.phase!=Running', false],
    ['spec.nodeName=', false],
  ])('%j matches a pod: %s', (selector, expected) => {
    expect(parseFieldSelector(selector, pods)(pod)).toBe(expected);
  });

  it('supports involvedObject fields on events', () => {
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'ns' },
      involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'ns' },
      source: { component: 'kubelet' },
    };
    const events = { plural: 'events', group: '' };
    expect(parseFieldSelector('involvedObject.name=web-0', events)(event)).toBe(
      true,
    );
    expect(parseFieldSelector('involvedObject.kind=Node', events)(event)).toBe(
      false,
    );
    expect(parseFieldSelector('source=kubelet', events)(event)).toBe(true);
  });

  it('rejects an unsupported field with 400', () => {
    expect(() =>
      parseFieldSelector('spec.replicas=1', {
        plural: 'deployments',
        group: 'apps',
      }),
    ).toThrow('field label not supported: spec.replicas');
    expect(() =>
      parseFieldSelector('spec.nodeName=x', {
        plural: 'deployments',
        group: 'apps',
      }),
    ).toThrow(StatusError);
  });
});
