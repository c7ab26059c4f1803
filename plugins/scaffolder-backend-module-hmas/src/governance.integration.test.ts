import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { exampleInput } from './__testUtils__/fakeHmas';
import {
  actionContext,
  INITIATOR,
  llamaOnCpu,
  RealHmas,
  startRealHmas,
} from './__testUtils__/realHmas';
import {
  createHmasClusterLabelsUpdateAction,
  createHmasDeploymentAction,
  createHmasDeploymentDeleteAction,
  createHmasPropagationPolicyAction,
} from './actions';
import { examples as propagationPolicyExamples } from './actions/createPropagationPolicy.examples';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const BOB = 'user:default/bob';
const PAT = 'user:default/pat';

/** The users of the portal's policy: a researcher, someone of another team, an admin. */
const GROUPS = {
  [INITIATOR]: ['group:default/ml-research'],
  [BOB]: ['group:default/vision'],
  [PAT]: ['group:default/platform-team'],
};

const llama = {
  ...llamaOnCpu,
  name: 'llama-team',
  owner: 'group:default/ml-research',
};

async function run(
  action: TemplateAction<any, any, any>,
  input: Record<string, any>,
  user: string,
) {
  const ctx = actionContext(input, mockCredentials.user(user));
  await action.handler(ctx as any);
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

describe('the scaffolder actions under the portal permission policy', () => {
  let hmas: RealHmas;
  beforeEach(async () => {
    hmas = await startRealHmas({
      knex: await databases.init('SQLITE_3'),
      groups: GROUPS,
      // The namespace of the policy examples.
      namespaces: ['ml-team'],
    });
  });
  afterEach(() => hmas.stop());

  it('lets the owner group manage its deployment and refuses another team', async () => {
    const create = createHmasDeploymentAction(hmas.options);
    const remove = createHmasDeploymentDeleteAction(hmas.options);
    const { id } = await run(create, llama, INITIATOR);
    expect(hmas.deploymentObjects('llama-team')).not.toEqual([]);

    await expect(run(remove, { id }, BOB)).rejects.toThrow(NotAllowedError);
    await expect(run(remove, { id }, BOB)).rejects.toThrow(
      'Not allowed to delete deployment default/llama-team (owned by group:default/ml-research)',
    );
    expect(hmas.deploymentObjects('llama-team')).not.toEqual([]);

    await run(remove, { id }, INITIATOR);
    expect(hmas.deploymentObjects('llama-team')).toEqual([]);
    expect(
      (await hmas.audit('deployment', 'default/llama-team')).map(e => [
        e.action,
        e.actor,
        e.source,
      ]),
    ).toEqual([
      ['deployment.delete', INITIATOR, 'scaffolder'],
      ['deployment.create', INITIATOR, 'scaffolder'],
    ]);
  });

  it('keeps cluster labels and policies to platform admins', async () => {
    const labels = createHmasClusterLabelsUpdateAction(hmas.options);
    const [cluster] = hmas.karmadaObjects('Cluster');
    const name = cluster.metadata.name!;
    const input = { name, set: { team: 'ml' } };
    await expect(run(labels, input, INITIATOR)).rejects.toThrow(
      NotAllowedError,
    );
    expect(hmas.karmadaObjects('Cluster', name)[0].metadata.labels?.team).toBe(
      undefined,
    );
    await run(labels, input, PAT);
    expect(hmas.karmadaObjects('Cluster', name)[0].metadata.labels?.team).toBe(
      'ml',
    );

    const policy = createHmasPropagationPolicyAction(hmas.options);
    const policyInput = exampleInput(propagationPolicyExamples[0].example);
    await expect(run(policy, policyInput, INITIATOR)).rejects.toThrow(
      NotAllowedError,
    );
    await run(policy, policyInput, PAT);
    expect(
      hmas.karmadaObjects('PropagationPolicy', policyInput.metadata.name),
    ).toHaveLength(1);
  });
});
