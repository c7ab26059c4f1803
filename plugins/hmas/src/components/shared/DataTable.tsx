import { EmptyState, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { ErrorPanel } from './ErrorPanel';

const PAGE_SIZE = 20;

/**
 * Options every H-MAS table sets: no column dragging, whose focusable drag handle inside
 * the header's sort button is a nested interactive control (axe `nested-interactive`).
 *
 * @internal
 */
export const accessibleTableOptions = { draggable: false } as const;

/**
 * A list page's table without search: the error panel when the list could not be read,
 * pages of 20 rows once there are more (unless `paged` is false), and an empty state saying
 * what would be listed.
 *
 * @internal
 */
export function DataTable<T extends object>(props: {
  title: string;
  error?: Error;
  isLoading: boolean;
  columns: TableColumn<T>[];
  data: T[];
  paged?: boolean;
  emptyTitle: string;
  emptyDescription: string;
}) {
  const { error, data, paged = true } = props;
  if (error) {
    return (
      <ErrorPanel error={error} what={`${props.title} could not be loaded`} />
    );
  }
  return (
    <Table<T>
      title={props.title}
      isLoading={props.isLoading}
      columns={props.columns}
      data={data}
      options={
        paged
          ? {
              ...accessibleTableOptions,
              paging: data.length > PAGE_SIZE,
              pageSize: PAGE_SIZE,
              search: false,
            }
          : { ...accessibleTableOptions, paging: false, search: false }
      }
      emptyContent={
        // EmptyState lays out with a spaced Grid, whose negative margins stick out of the
        // table by a few pixels (a 912 px dialog scrolled sideways by 7 px): the padding
        // takes them in.
        <Box px={1}>
          <EmptyState
            missing="data"
            title={props.emptyTitle}
            description={props.emptyDescription}
          />
        </Box>
      }
    />
  );
}
