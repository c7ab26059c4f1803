import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import { Knex } from 'knex';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@h-mas/plugin-hmas-backend',
  'migrations',
);
const migrationFiles = fs
  .readdirSync(migrationsDir)
  .filter(f => f.endsWith('.js'))
  .sort();

async function tables(knex: Knex): Promise<string[]> {
  const client = knex.client.config.client;
  if (client === 'pg') {
    const rows = await knex('information_schema.tables')
      .where({ table_schema: 'public' })
      .select('table_name');
    return rows
      .map((r: { table_name: string }) => r.table_name)
      .filter(t => t.startsWith('hmas_'));
  }
  const rows = await knex('sqlite_master')
    .where({ type: 'table' })
    .select('name');
  return rows
    .map((r: { name: string }) => r.name)
    .filter(t => t.startsWith('hmas_'));
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('migrates every step up and back down to an empty schema', async () => {
    const knex = await databases.init(databaseId);

    for (let i = 0; i < migrationFiles.length; i++) {
      await knex.migrate.up({ directory: migrationsDir });
    }
    const [, pending] = await knex.migrate.list({ directory: migrationsDir });
    expect(pending).toEqual([]);
    expect(await tables(knex)).toContain('hmas_audit_log');

    await knex('hmas_audit_log').insert({
      actor: 'user:default/ada',
      source: 'api',
      action: 'cluster.labels.update',
      target_kind: 'cluster',
      target_name: 'gpu-a',
      summary: 'x',
    });
    // Usage rows go with their deployment.
    const id = '00000000-0000-4000-8000-0000000000a1';
    await knex('hmas_deployments').insert({
      id,
      namespace: 'default',
      name: 'chat',
      owner: 'group:default/ml',
      created_by: 'user:default/ada',
      runtime: 'vllm',
      model: 'm',
      state: 'active',
      spec: '{}',
      objects: '[]',
    });
    const usage = {
      deployment_id: id,
      caller: 'user:default/ada',
      period_start: new Date('2026-12-08T10:15:00Z'),
      requests: 1,
      last_call_at: new Date('2026-12-08T10:15:01Z'),
      updated_at: new Date('2026-12-08T10:15:05Z'),
    };
    await knex('hmas_inference_usage').insert(usage);
    await expect(
      knex('hmas_inference_usage').insert({
        ...usage,
        deployment_id: '00000000-0000-4000-8000-0000000000ff',
      }),
    ).rejects.toThrow(/foreign key/i);
    await knex('hmas_deployments').where({ id }).delete();
    expect(await knex('hmas_inference_usage').select()).toEqual([]);
    await knex('hmas_deployments').insert({
      id,
      namespace: 'default',
      name: 'chat',
      owner: 'group:default/ml',
      created_by: 'user:default/ada',
      runtime: 'vllm',
      model: 'm',
      state: 'active',
      spec: '{}',
      objects: '[]',
    });
    await knex('hmas_inference_usage').insert(usage);

    for (let i = 0; i < migrationFiles.length; i++) {
      await knex.migrate.down({ directory: migrationsDir });
    }
    expect(await tables(knex)).toEqual([]);
  });
});
