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

    for (let i = 0; i < migrationFiles.length; i++) {
      await knex.migrate.down({ directory: migrationsDir });
    }
    expect(await tables(knex)).toEqual([]);
  });
});
