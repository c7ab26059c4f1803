/**
 * Test helpers the H-MAS packages share (a private, development-only package).
 *
 * @packageDocumentation
 */

export {
  actorAwareMockAuth,
  mockAuthWithActors,
  onBehalfOfHeader,
} from './auth';
export { recordTestReport, TEST_REPORTS_DIR } from './reports';
