export { ClusterDialog } from './ClusterDialog';
export type { ClusterDialogProps } from './ClusterDialog';
