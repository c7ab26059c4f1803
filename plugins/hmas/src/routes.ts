import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The H-MAS page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'hmas' });
