export { ModelDeploymentsCard } from './ModelDeploymentsCard';
export { MODEL_DEPLOYMENTS_ANNOTATION } from './annotation';
