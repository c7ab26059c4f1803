// @ts-check

/**
 * Team namespaces (F-5.4): a Namespace per team with a ResourceQuota and the priority classes
 * its deployments may use. The row is the intent; the Karmada objects are derived from it
 * (and repaired from it by the recovery task).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hmas_team_namespaces', table => {
    table.comment(
      'Team namespaces: Namespace, ResourceQuota, priority classes',
    );
    table
      .string('name', 63)
      .primary()
      .comment('Namespace name (DNS-1123 label)');
    table
      .string('team', 255)
      .notNullable()
      .comment('Entity ref of the group that owns the namespace');
    table.text('description').nullable().comment('What the namespace is for');
    table
      .text('quota')
      .notNullable()
      .comment('The team quota per member cluster (teamQuotaSchema), JSON');
    table
      .text('priority_classes')
      .notNullable()
      .comment('Names of the allowed PriorityClass presets, JSON array');
    table
      .string('state', 16)
      .notNullable()
      .comment('creating, active or deleting');
    table
      .string('created_by', 255)
      .notNullable()
      .comment('Entity ref of the creator');
    table
      .timestamp('created_at', { useTz: true, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the namespace was defined');
    table
      .timestamp('updated_at', { useTz: true, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the row last changed (a state change included)');
    table.unique(['team'], { indexName: 'hmas_team_namespaces_team_uq' });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hmas_team_namespaces');
};
