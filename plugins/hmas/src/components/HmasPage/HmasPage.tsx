import {
  Content,
  Header,
  Page,
  TabbedLayout,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { AuditLogTable } from '../AuditLogTable';
import { AuditPage } from '../AuditPage';
import { ClustersPage } from '../ClustersPage';
import { DeploymentsPage } from '../DeploymentsPage';
import { NamespacesPage } from '../NamespacesPage';
import { PoliciesPage } from '../PoliciesPage';
import { HealthCard } from './HealthCard';

/**
 * The H-MAS page: platform overview with the audit log, the model deployments, the
 * cluster catalog by zone, the federation policies with their presets, and the team
 * namespaces with their quotas.
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
      <TabbedLayout>
        <TabbedLayout.Route path="/" title="Overview">
          <Content>
            <Grid container spacing={3}>
              <Grid item xs={12} md={4}>
                <HealthCard />
              </Grid>
              <Grid item xs={12} md={8}>
                <AuditLogTable compact />
              </Grid>
            </Grid>
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/deployments" title="Deployments">
          <Content>
            <DeploymentsPage />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/clusters" title="Clusters">
          <Content>
            <ClustersPage />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/policies" title="Policies">
          <Content>
            <PoliciesPage />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/namespaces" title="Namespaces">
          <Content>
            <NamespacesPage />
          </Content>
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/audit" title="Audit">
          <Content>
            <AuditPage />
          </Content>
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}
