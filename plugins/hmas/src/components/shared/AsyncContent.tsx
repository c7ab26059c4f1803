import { Progress } from '@backstage/core-components';
import { ErrorPanel } from './ErrorPanel';
import { ReactNode } from 'react';

/**
 * The state of something loaded: a progress bar while it loads, the error panel when it
 * failed, else the children (if any).
 *
 * @internal
 */
export function AsyncContent(props: {
  loading: boolean;
  error?: Error;
  children?: ReactNode;
}) {
  if (props.loading) return <Progress aria-label="Loading" />;
  if (props.error) return <ErrorPanel error={props.error} />;
  return <>{props.children}</>;
}
