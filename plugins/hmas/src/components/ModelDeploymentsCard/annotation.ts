/**
 * Annotation that links a catalog entity to model deployments: comma-separated deployment
 * names, `name` or `namespace/name`.
 *
 * @public
 */
export const MODEL_DEPLOYMENTS_ANNOTATION = 'h-mas.io/model-deployments';
