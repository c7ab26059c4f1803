import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { AuditLogTable } from '../AuditLogTable';
import { HealthCard } from './HealthCard';

/**
 * The H-MAS home page: platform status and the audit log.
 *
 * @public
 */
export function HmasPage() {
  return (
    <Page themeId="tool">
      <Header
        title="H-MAS"
        subtitle="Model serving on the Karmada-federated GPU and CPU fleet"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <HealthCard />
          </Grid>
          <Grid item xs={12} md={8}>
            <AuditLogTable />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
