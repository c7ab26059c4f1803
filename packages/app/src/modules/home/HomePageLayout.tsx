import { Content, Header, Page } from '@backstage/core-components';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  column: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(3),
  },
}));

/** Widgets laid out full width above the others. */
const FULL_WIDTH = new Set(['HomePageSearchBar']);
/** The widget of the wide left column; the rest stack on the right. */
const MAIN = 'GettingStarted';

/**
 * The H-MAS home page: the portal's name and purpose in the header, search across the top,
 * the getting-started card on the left and the other widgets (starred entities) on the right.
 */
export function HomePageLayout(props: HomePageLayoutProps) {
  const { widgets } = props;
  const classes = useStyles();
  const top = widgets.filter(w => w.name && FULL_WIDTH.has(w.name));
  const main = widgets.filter(w => w.name === MAIN);
  const side = widgets.filter(w => !top.includes(w) && !main.includes(w));
  return (
    <Page themeId="home">
      <Header
        title="H-MAS Portal"
        subtitle="Deploy AI models onto Karmada-federated GPU and CPU clusters"
      />
      <Content>
        <Grid container spacing={3}>
          {top.map(w => (
            <Grid item xs={12} key={w.node.spec.id}>
              {w.component}
            </Grid>
          ))}
          <Grid
            item
            xs={12}
            md={main.length && side.length ? 8 : 12}
            className={classes.column}
          >
            {main.map(w => (
              <div key={w.node.spec.id}>{w.component}</div>
            ))}
          </Grid>
          {side.length > 0 && (
            <Grid item xs={12} md={4} className={classes.column}>
              {side.map(w => (
                <div key={w.node.spec.id}>{w.component}</div>
              ))}
            </Grid>
          )}
        </Grid>
      </Content>
    </Page>
  );
}
