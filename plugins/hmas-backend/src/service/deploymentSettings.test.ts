import { ConfigReader } from '@backstage/config';
import { readDeploymentSettings } from './deploymentSettings';

describe('readDeploymentSettings', () => {
  it('reads nothing as the defaults', () => {
    expect(readDeploymentSettings(new ConfigReader({}))).toEqual({});
  });

  it('reads every setting', () => {
    const deployments = {
      offline: false,
      imageRegistryMirror: 'mirror.internal:5000/hub',
      storageClassName: 'standard',
      accessMode: 'ReadWriteOnce',
      zones: {
        'gpu-high': {
          offline: true,
          storageClassName: 'nfs-client',
          accessMode: 'ReadWriteMany',
        },
      },
      clusters: { 'gpu-a': { runtimeClassName: 'nvidia' } },
      kaiQueue: 'inference',
    };
    expect(
      readDeploymentSettings(new ConfigReader({ hmas: { deployments } })),
    ).toEqual(deployments);
  });

  it.each([
    [{ zones: { 'gpu-medium': {} } }, 'zones.gpu-medium'],
    [{ accessMode: 'ReadWriteOncePod' }, 'accessMode'],
    [{ imageRegistryMirror: 'https://mirror.internal' }, 'imageRegistryMirror'],
    [{ clusters: { 'gpu-a': { runtimeClass: 'nvidia' } } }, 'runtimeClass'],
    [{ storageClassName: 'Fast_SSD' }, 'storageClassName'],
  ])('refuses %j, naming %s', (deployments, field) => {
    expect(() =>
      readDeploymentSettings(new ConfigReader({ hmas: { deployments } })),
    ).toThrow(new RegExp(`^Invalid hmas\\.deployments: .*${field}`));
  });
});
