import { StructuredMetadataTable } from '@backstage/core-components';
import { ComponentProps } from 'react';

/**
 * A key's title as written, with its first letter upper-cased: `GPUs` stays `GPUs` and
 * `API endpoint` stays as is (the table's default, lodash's startCase, gives `GP Us`).
 *
 * @internal
 */
export function factTitle(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/**
 * Backstage's StructuredMetadataTable with the keys shown as written: the one facts table
 * of the H-MAS dialogs.
 *
 * @internal
 */
export function FactsTable(
  props: Omit<ComponentProps<typeof StructuredMetadataTable>, 'options'>,
) {
  return (
    <StructuredMetadataTable {...props} options={{ titleFormat: factTitle }} />
  );
}
