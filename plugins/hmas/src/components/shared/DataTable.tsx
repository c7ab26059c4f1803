import { EmptyState, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import LinearProgress from '@material-ui/core/LinearProgress';
import { ErrorPanel } from './ErrorPanel';

const PAGE_SIZE = 20;

/** What an empty table shows while it loads: a progress indicator named after it. */
function LoadingBody(props: { what: string }) {
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="center"
      minHeight="15rem"
    >
      <CircularProgress aria-label={`Loading ${props.what}`} />
    </Box>
  );
}

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
    <>
      {/* A reload with rows shown keeps them, under a named progress bar. */}
      {props.isLoading && data.length > 0 && (
        <LinearProgress aria-label={`Loading ${props.title}`} />
      )}
      <Table<T>
        title={props.title}
        // Not Backstage's loading body: its CircularProgress has no name (axe:
        // aria-progressbar-name). While loading, the empty table shows a named one.
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
          props.isLoading ? (
            <LoadingBody what={props.title} />
          ) : (
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
          )
        }
      />
    </>
  );
}
