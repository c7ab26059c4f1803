import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { DataTable } from './DataTable';

describe('DataTable', () => {
  it('names its loading indicator after what loads (axe: aria-progressbar-name)', async () => {
    await renderInTestApp(
      <DataTable<{ name: string }>
        title="Team namespaces"
        isLoading
        columns={[{ title: 'Name', field: 'name' }]}
        data={[]}
        emptyTitle="None yet"
        emptyDescription="Nothing here."
      />,
    );
    expect(
      screen.getByRole('progressbar', { name: 'Loading Team namespaces' }),
    ).toBeInTheDocument();
    // The only progress bar: material-table's unnamed one is replaced.
    expect(screen.getAllByRole('progressbar')).toHaveLength(1);
  });

  it('keeps the rows of a reload under a named progress bar', async () => {
    await renderInTestApp(
      <DataTable<{ name: string }>
        title="Audit log"
        isLoading
        columns={[{ title: 'Name', field: 'name' }]}
        data={[{ name: 'ml-research' }]}
        emptyTitle="None yet"
        emptyDescription="Nothing here."
      />,
    );
    expect(screen.getByText('ml-research')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Loading Audit log' }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('progressbar')).toHaveLength(1);
  });
});
