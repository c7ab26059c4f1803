import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  },
}));

/** Where a newcomer goes first, with what each place is for. */
export const gettingStartedLinks = [
  {
    title: 'H-MAS overview',
    to: '/hmas',
    text: 'Zones, clusters and their free GPUs, and the deployments at a glance.',
  },
  {
    title: 'Model deployments',
    to: '/hmas/deployments',
    text: 'Every deployment with its progress to Ready, its clusters and its endpoint.',
  },
  {
    title: 'Deploy a model',
    to: '/create/templates/default/hmas-deploy-model',
    text: 'Pick a runtime and a model, GPU or CPU, and a zone; H-MAS sizes the rest.',
  },
  {
    title: 'Create',
    to: '/create',
    text: 'All templates: deploy a model, create a placement policy, register a cluster.',
  },
  {
    title: 'Catalog',
    to: '/catalog',
    text: 'Services, the model deployments that serve them, and the member clusters.',
  },
] as const;

/** The body of the home page's getting-started card. */
export function GettingStarted() {
  const classes = useStyles();
  return (
    <>
      <Typography variant="body1" paragraph>
        H-MAS deploys AI models (vLLM, llama.cpp and other runtimes) onto GPU
        and CPU clusters federated by Karmada. You choose the model and the
        zone; Karmada places the replicas on the member clusters that have the
        capacity.
      </Typography>
      <ul className={classes.list} aria-label="Getting started">
        {gettingStartedLinks.map(link => (
          <li key={link.to}>
            <Typography variant="subtitle1" component="div">
              <Link to={link.to}>{link.title}</Link>
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {link.text}
            </Typography>
          </li>
        ))}
      </ul>
    </>
  );
}
