export { KarmadaController } from './KarmadaController';
export type { KarmadaControllerOptions } from './KarmadaController';
export {
  registerKarmadaAdmission,
  registerMemberAdmission,
  registerKubeValidation,
  validateKubeWrite,
  ADMITTED_KARMADA_KINDS,
} from './admission';
export { installSeedFleet, BACKGROUND_NAMESPACE } from './installSeed';
export { MODEL_LOAD_ANNOTATION } from './util';
export { registerPolicyWebhookDefaults } from './webhookDefaults';
