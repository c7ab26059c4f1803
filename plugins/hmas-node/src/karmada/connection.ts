import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { KarmadaConnection } from './KarmadaClient';

/**
 * Reads the connection to a real Karmada API server from `hmas.karmada.*` (mode `remote`).
 *
 * @public
 */
export function readKarmadaConnection(
  config: RootConfigService,
): KarmadaConnection {
  return {
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
