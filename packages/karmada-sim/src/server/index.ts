export {
  ApiServer,
  type ApiServerOptions,
  type SimulatorLogger,
} from './ApiServer';
export * from './faults';
export { buildKubeconfig, memberPathPrefix } from './kubeconfig';
