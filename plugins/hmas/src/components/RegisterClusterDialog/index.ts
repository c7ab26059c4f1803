export {
  RegisterClusterDialog,
  customGpuTypeError,
} from './RegisterClusterDialog';
