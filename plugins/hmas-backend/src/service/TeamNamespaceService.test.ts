import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { EmbeddedKarmada, startEmbeddedKarmada } from '@h-mas/karmada-sim';
import { KarmadaClient } from '@h-mas/plugin-hmas-node';
import { llamaOnCpu, until } from '../__testUtils__/deployments';
import { DatabaseAuditStore } from '../database/DatabaseAuditStore';
import { DatabaseDeploymentStore } from '../database/DatabaseDeploymentStore';
import { DatabaseTeamNamespaceStore } from '../database/DatabaseTeamNamespaceStore';
import { DeploymentService } from './DeploymentService';
import { TeamNamespaceService } from './TeamNamespaceService';

/**
 * Team namespaces through their one write path, against the simulator (controllers running,
 * over HTTP) on both databases: the Namespace, quota and priority presets reach the members;
 * a deployment goes to its team's namespace and a create or scale-up over the quota is
 * refused before any write; failures and crashes leave neither stray rows nor objects.
 */

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const admin = { actor: 'user:default/platform-admin', source: 'api' as const };
const researcher = {
  actor: 'user:default/guest',
  source: 'api' as const,
  ownershipRefs: ['user:default/guest', 'group:default/ml-research'],
};
const TEAM = 'group:default/ml-research';
const ML = {
  name: 'ml-research',
  team: TEAM,
  quota: { pods: 2 },
  priorityClasses: ['inference-critical', 'experiment'],
};

describe.each(databases.eachSupportedId())(
  'team namespaces on %p',
  databaseId => {
    let karmada: EmbeddedKarmada;

    beforeEach(async () => {
      karmada = await startEmbeddedKarmada({ modelLoadMs: 20 });
    });
    afterEach(() => karmada.close());

    async function setup() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const client = new KarmadaClient({
        url: karmada.url,
        token: karmada.token,
        retryDelayMs: 5,
      });
      const deploymentStore = await DatabaseDeploymentStore.create({
        database,
      });
      const logger = mockServices.logger.mock();
      const namespaces = new TeamNamespaceService({
        karmada: client,
        store: await DatabaseTeamNamespaceStore.create({ database }),
        deployments: deploymentStore,
        logger,
        staleAfterMs: 0,
      });
      const deployments = new DeploymentService({
        karmada: client,
        store: deploymentStore,
        logger,
        teamNamespaces: namespaces,
      });
      const audit = await DatabaseAuditStore.create({ database });
      return { namespaces, deployments, audit, knex };
    }

    const cp = (kind: string, name: string, namespace?: string) =>
      karmada.sim.store.tryGet('karmada', kind, name, namespace);
    const member = (
      cluster: string,
      kind: string,
      name: string,
      namespace?: string,
    ) => karmada.sim.store.tryGet(cluster, kind, name, namespace);
    /** Whether Karmada holds anything of a team namespace. */
    const leftInKarmada = (name: string) =>
      [
        cp('Namespace', name),
        cp('ResourceQuota', 'team-quota', name),
        cp('PropagationPolicy', 'team-quota-propagation', name),
      ].filter(Boolean).length;

    it('writes the Namespace, its quota to every member, and the priority presets', async () => {
      const { namespaces, audit } = await setup();
      const created = await namespaces.create(ML, admin);
      expect(created).toMatchObject({ ...ML, state: 'active' });
      expect(cp('Namespace', 'ml-research')!.metadata.labels).toMatchObject({
        'h-mas.io/team-namespace': 'ml-research',
      });
      expect(cp('ResourceQuota', 'team-quota', 'ml-research')!.spec).toEqual({
        hard: { pods: '2' },
      });
      // The members enforce it: the quota reaches them and reports its use.
      const quota = await until('the quota on cpu-oregon', async () =>
        member('cpu-oregon', 'ResourceQuota', 'team-quota', 'ml-research'),
      );
      expect(quota.spec.hard).toEqual({ pods: '2' });
      await until('the quota use', async () => {
        const ns = await namespaces.get('ml-research');
        const use = ns.usage!.find(u => u.cluster === 'cpu-oregon');
        return use?.hard.pods === '2' && use;
      });
      // The presets, on the control plane and taken over on the members.
      for (const [name, value] of [
        ['inference-critical', 1_000_000],
        ['training', 100_000],
        ['experiment', 10_000],
      ] as const) {
        expect(cp('PriorityClass', name)).toMatchObject({ value });
      }
      await until('the presets managed by Karmada on the members', async () => {
        const pc = member('gpu-hp-seoul', 'PriorityClass', 'experiment');
        return (
          !!pc &&
          Object.keys(pc.metadata.labels ?? {}).some(l =>
            l.includes('karmada.io'),
          )
        );
      });
      const entries = await audit.list({ targetKind: 'namespace', limit: 10 });
      expect(entries.map(e => [e.action, e.outcome])).toEqual([
        ['namespace.create', 'succeeded'],
      ]);
      expect(entries[0].summary).toContain('quota pods=2');
    });

    it('refuses bad input, a taken name or team, and a Namespace that is not a team one', async () => {
      const { namespaces } = await setup();
      await expect(
        namespaces.create({ ...ML, quota: {} }, admin),
      ).rejects.toThrow(InputError);
      await namespaces.create(ML, admin);
      await expect(
        namespaces.create({ ...ML, team: 'group:default/other' }, admin),
      ).rejects.toThrow('A team namespace named ml-research already exists');
      await expect(
        namespaces.create({ ...ML, name: 'ml-2' }, admin),
      ).rejects.toThrow(`${TEAM} already has a team namespace`);
      expect(leftInKarmada('ml-2')).toBe(0);
      karmada.sim.store.create('karmada', 'namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'legacy' },
      });
      await expect(
        namespaces.create(
          { ...ML, name: 'legacy', team: 'group:default/legacy' },
          admin,
        ),
      ).rejects.toThrow(ConflictError);
      expect(await namespaces.list()).toHaveLength(1);
    });

    it('places a deployment in its team namespace, at the highest allowed class, and refuses other teams', async () => {
      const { namespaces, deployments } = await setup();
      await namespaces.create(ML, admin);
      await namespaces.create(
        {
          name: 'vision',
          team: 'group:default/vision',
          quota: { pods: 5 },
        },
        admin,
      );
      const { deployment } = await deployments.create(
        llamaOnCpu('chat'),
        researcher,
      );
      expect(deployment).toMatchObject({
        namespace: 'ml-research',
        owner: TEAM,
        spec: { priorityClassName: 'inference-critical' },
      });
      expect(cp('Deployment', 'chat', 'ml-research')).toBeDefined();

      await expect(
        deployments.create(
          llamaOnCpu('spy', { namespace: 'vision' }),
          researcher,
        ),
      ).rejects.toThrow(
        new NotAllowedError(
          'Not allowed to deploy into team namespace vision: it belongs to group:default/vision',
        ),
      );
      await expect(
        deployments.create(
          llamaOnCpu('train', { priorityClassName: 'training' }),
          researcher,
        ),
      ).rejects.toThrow(
        'priorityClassName: team namespace ml-research allows inference-critical, experiment, not training',
      );
      await expect(
        deployments.create(
          llamaOnCpu('elsewhere', { namespace: 'default', owner: TEAM }),
          researcher,
        ),
      ).rejects.toThrow(
        `deployments of ${TEAM} go to its team namespace ml-research, not default`,
      );
      // As a template asks: owned by the user, who is in the team; and the user's own
      // deployment may not go elsewhere either.
      const { deployment: asUser } = await deployments.create(
        llamaOnCpu('mine', { owner: 'user:default/guest' }),
        researcher,
      );
      expect(asUser).toMatchObject({ namespace: 'ml-research', owner: TEAM });
      await expect(
        deployments.create(
          llamaOnCpu('mine-2', { namespace: 'default' }),
          researcher,
        ),
      ).rejects.toThrow(
        'deployments of user:default/guest go to its team namespace ml-research, not default',
      );
      await expect(
        deployments.create(
          llamaOnCpu('theirs', { owner: 'group:default/vision' }),
          researcher,
        ),
      ).rejects.toThrow(
        'Not allowed to deploy into team namespace vision: it belongs to group:default/vision',
      );
      expect((await deployments.list()).map(d => d.name).sort()).toEqual([
        'chat',
        'mine',
      ]);
    });

    it('refuses a create or scale-up over the quota before any write, naming the headroom', async () => {
      const { namespaces, deployments } = await setup();
      await namespaces.create(ML, admin);
      await until('the quota on cpu-oregon', async () => {
        const ns = await namespaces.get('ml-research');
        return ns.usage!.find(u => u.cluster === 'cpu-oregon')?.hard.pods;
      });
      const tooMany = llamaOnCpu('big', { replicas: 3 });
      for (const dryRun of [true, false]) {
        await expect(
          deployments.create(tooMany, { ...researcher, dryRun }),
        ).rejects.toThrow(
          new InputError(
            'Invalid deployment: replicas: exceeds quota team-quota of team namespace ml-research: 3 replica(s) request pods=3; headroom left: cpu-oregon: pods=2',
          ),
        );
      }
      expect(await deployments.list()).toEqual([]);
      expect(cp('Deployment', 'big', 'ml-research')).toBeUndefined();

      const { deployment } = await deployments.create(
        llamaOnCpu('small', { replicas: 1 }),
        researcher,
      );
      // The member's quota counts the running pod; then one more replica fits, two do not.
      await until('the pod counted', async () => {
        const ns = await namespaces.get('ml-research');
        return (
          ns.usage!.find(u => u.cluster === 'cpu-oregon')?.used.pods === '1'
        );
      });
      await expect(
        deployments.update(deployment!.id, { replicas: 3 }, admin),
      ).rejects.toThrow(
        '2 replica(s) request pods=2; headroom left: cpu-oregon: pods=1',
      );
      expect(cp('Deployment', 'small', 'ml-research')!.spec.replicas).toBe(1);
      const scaled = await deployments.update(
        deployment!.id,
        { replicas: 2 },
        admin,
      );
      expect(scaled.spec.replicas).toBe(2);
    });

    it('changes the quota in Karmada and refuses to drop a class in use', async () => {
      const { namespaces, deployments } = await setup();
      await namespaces.create(ML, admin);
      await deployments.create(llamaOnCpu('chat'), researcher);
      const updated = await namespaces.update(
        'ml-research',
        { quota: { pods: 4, cpu: '16' } },
        admin,
      );
      expect(updated.quota).toEqual({ pods: 4, cpu: '16' });
      expect(
        cp('ResourceQuota', 'team-quota', 'ml-research')!.spec.hard,
      ).toEqual({ pods: '4', 'requests.cpu': '16' });
      await expect(
        namespaces.update(
          'ml-research',
          { priorityClasses: ['experiment'] },
          admin,
        ),
      ).rejects.toThrow(
        'Priority class inference-critical is used by deployment chat in ml-research',
      );
      expect((await namespaces.get('ml-research')).priorityClasses).toEqual(
        ML.priorityClasses,
      );
    });

    it('deletes only an empty namespace, with everything it wrote', async () => {
      const { namespaces, deployments, audit } = await setup();
      await namespaces.create(ML, admin);
      const { deployment } = await deployments.create(
        llamaOnCpu('chat'),
        researcher,
      );
      await expect(namespaces.delete('ml-research', admin)).rejects.toThrow(
        'Team namespace ml-research holds 1 deployment(s) (chat); delete them first',
      );
      expect(leftInKarmada('ml-research')).toBe(3);
      await deployments.delete(deployment!.id, admin);
      await until('the deployment gone', async () =>
        (await deployments.list()).length === 0 ? true : undefined,
      );
      await namespaces.delete('ml-research', admin);
      expect(await namespaces.list()).toEqual([]);
      expect(leftInKarmada('ml-research')).toBe(0);
      const entries = await audit.list({ targetKind: 'namespace', limit: 10 });
      expect(entries.map(e => e.action)).toEqual([
        'namespace.delete',
        'namespace.create',
      ]);
    });

    it.each([
      ['a 500', { status: 500 }],
      [
        'a reply lost after the write',
        { dropConnection: true, afterApply: true },
      ],
    ])(
      'a create that meets %s on the quota leaves no row and nothing in Karmada',
      async (_name, fault) => {
        const { namespaces } = await setup();
        karmada.sim.faults.inject({
          match: {
            method: 'POST',
            pathPrefix: '/api/v1/namespaces/ml-research/resourcequotas',
          },
          times: 1,
          ...fault,
        });
        await expect(namespaces.create(ML, admin)).rejects.toThrow();
        expect(await namespaces.list()).toEqual([]);
        expect(leftInKarmada('ml-research')).toBe(0);
      },
    );

    it('recovery finishes an abandoned create and delete, repairs drift and deletes orphans', async () => {
      const { namespaces, knex } = await setup();
      // A process died after writing the row, before any Karmada call.
      await knex('hmas_team_namespaces').insert({
        name: 'ml-research',
        team: TEAM,
        quota: JSON.stringify({ pods: 2 }),
        priority_classes: JSON.stringify(['experiment']),
        state: 'creating',
        created_by: 'user:default/platform-admin',
      });
      // A Namespace of ours whose row is gone (a rollback that could not reach Karmada).
      karmada.sim.store.create('karmada', 'namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'orphan',
          labels: { 'h-mas.io/team-namespace': 'orphan' },
        },
      });
      expect(await namespaces.recover()).toEqual({
        finished: 1,
        deleted: 0,
        repaired: 0,
        orphans: 1,
      });
      expect((await namespaces.get('ml-research')).state).toBe('active');
      expect(leftInKarmada('ml-research')).toBe(3);
      expect(cp('Namespace', 'orphan')).toBeUndefined();

      // Someone edits the quota in Karmada: the row is the intent.
      const quota = cp('ResourceQuota', 'team-quota', 'ml-research')!;
      karmada.sim.store.update(
        'karmada',
        'ResourceQuota',
        { ...quota, spec: { hard: { pods: '100' } } },
        { namespace: 'ml-research' },
      );
      expect((await namespaces.recover()).repaired).toBe(1);
      expect(
        cp('ResourceQuota', 'team-quota', 'ml-research')!.spec.hard,
      ).toEqual({ pods: '2' });

      // A delete that died after marking the row.
      await knex('hmas_team_namespaces')
        .where({ name: 'ml-research' })
        .update({ state: 'deleting' });
      expect((await namespaces.recover()).deleted).toBe(1);
      expect(await namespaces.list()).toEqual([]);
      expect(leftInKarmada('ml-research')).toBe(0);
    });
  },
);
