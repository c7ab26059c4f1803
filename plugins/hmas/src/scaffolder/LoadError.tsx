import { ErrorPanel } from '../components/shared/ErrorPanel';

/**
 * Something (by default the clusters) could not be loaded: what, why, what to do, and a way
 * to try again without leaving the form.
 *
 * @internal
 */
export function LoadError(props: {
  error: Error;
  onRetry: () => void;
  title?: string;
}) {
  return (
    <ErrorPanel
      error={props.error}
      what={props.title ?? 'Could not load the clusters from H-MAS'}
      onRetry={props.onRetry}
    />
  );
}
