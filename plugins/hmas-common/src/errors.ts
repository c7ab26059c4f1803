import { z } from 'zod';

/**
 * Turns a zod error into one readable sentence that names every offending field, the way the
 * REST API reports bad input (`400`, "replicas: must be at least 1").
 *
 * @public
 */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map(issue => {
      const field = issue.path.join('.');
      return field ? `${field}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
