import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { KarmadaConnection } from './KarmadaClient';

/**
 * Reads the bounds of every call to Karmada: `hmas.karmada.requestTimeoutMs`,
 * `hmas.karmada.attempts` and `hmas.karmada.retryDelayMs` (absent ones keep the defaults of
 * {@link KarmadaConnection}).
 *
 * @public
 */
export function readKarmadaCallBounds(
  config: RootConfigService,
): Pick<KarmadaConnection, 'timeoutMs' | 'attempts' | 'retryDelayMs'> {
  const bound = (key: string, min: number) => {
    const value = config.getOptionalNumber(`hmas.karmada.${key}`);
    if (value !== undefined && (!Number.isInteger(value) || value < min)) {
      throw new Error(
        `hmas.karmada.${key} must be a whole number of at least ${min}, got ${value}`,
      );
    }
    return value;
  };
  const timeoutMs = bound('requestTimeoutMs', 1);
  const attempts = bound('attempts', 1);
  const retryDelayMs = bound('retryDelayMs', 0);
  return {
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
    ...(retryDelayMs !== undefined ? { retryDelayMs } : {}),
  };
}

/**
 * Reads the connection to a real Karmada API server from `hmas.karmada.*` (mode `remote`).
 *
 * @public
 */
export function readKarmadaConnection(
  config: RootConfigService,
): KarmadaConnection {
  return {
    ...readKarmadaCallBounds(config),
    url: config.getString('hmas.karmada.url'),
    token: config.getOptionalString('hmas.karmada.token'),
    caData: config.getOptionalString('hmas.karmada.caData'),
    skipTLSVerify: config.getOptionalBoolean('hmas.karmada.skipTLSVerify'),
  };
}

/**
 * How H-MAS reaches Karmada. The default reads `hmas.karmada.*` (mode `remote`); a development
 * backend can provide another factory (the embedded simulator does).
 *
 * @public
 */
export const karmadaConnectionServiceRef = createServiceRef<KarmadaConnection>({
  id: 'hmas.karmada.connection',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory({ config }) {
        const mode = config.getOptionalString('hmas.karmada.mode') ?? 'remote';
        if (mode !== 'remote') {
          throw new Error(
            `hmas.karmada.mode is '${mode}' but nothing provides it; add the embedded simulator's service factory to the backend, or set hmas.karmada.mode: remote with hmas.karmada.url`,
          );
        }
        return readKarmadaConnection(config);
      },
    }),
});
