/*
 * Hi!
 *
 * Note that this is an EXAMPLE Backstage backend. Please check the README.
 *
 * Happy hacking!
 */

import { createBackend } from '@backstage/backend-defaults';
import { authModuleHmasDevSignIn } from './devSignIn';
import { embeddedKarmadaServiceFactory } from './embeddedKarmada';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
// The guest sign-in of the development portal, which may pick an example user (devSignIn.ts).
backend.add(authModuleHmasDevSignIn);
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// The H-MAS policy: platform-team members administer clusters, policies and presets; other
// users create deployments and manage what they or their groups own; everyone reads.
backend.add(import('@h-mas/plugin-permission-backend-module-hmas-policy'));

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// H-MAS
backend.add(import('@h-mas/plugin-hmas-backend'));
backend.add(embeddedKarmadaServiceFactory);
backend.add(import('@h-mas/plugin-catalog-backend-module-hmas'));
backend.add(import('@h-mas/plugin-scaffolder-backend-module-hmas'));
backend.add(import('@h-mas/plugin-kubernetes-backend-module-hmas'));

backend.start();
