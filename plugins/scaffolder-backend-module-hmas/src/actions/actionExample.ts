import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { toYaml } from '@h-mas/plugin-hmas-common';

/** One step of a template. @internal */
export interface ExampleStep {
  id: string;
  action: string;
  name: string;
  input: Record<string, unknown>;
}

/**
 * A documented example of an H-MAS action: its template steps, printed as the YAML a template
 * author copies (with the one Kubernetes YAML printer). Every example is also run against the
 * real H-MAS backend by the module's tests.
 *
 * @internal
 */
export function actionExample(
  description: string,
  ...steps: ExampleStep[]
): TemplateExample {
  return { description, example: toYaml({ steps }) };
}
