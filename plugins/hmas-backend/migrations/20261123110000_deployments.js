// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hmas_deployments', table => {
    table.comment(
      'Model deployments: what the user asked for and which Karmada objects realise it',
    );
    table.string('id', 36).primary().comment('UUID of the deployment');
    table.string('namespace', 63).notNullable().comment('Kubernetes namespace');
    table
      .string('name', 63)
      .notNullable()
      .comment('Deployment name (DNS-1123 label)');
    table.string('owner', 255).notNullable().comment('Entity ref of the owner');
    table
      .string('created_by', 255)
      .notNullable()
      .comment('Entity ref of the creator');
    table.string('runtime', 32).notNullable().comment('Runtime id, e.g. vllm');
    table.string('model', 255).notNullable().comment('Model id or preset');
    table.string('zone', 32).nullable().comment('Zone for zone placement');
    table
      .string('state', 16)
      .notNullable()
      .comment('creating, active or deleting');
    table
      .text('spec')
      .notNullable()
      .comment('The validated create request, JSON');
    table
      .text('objects')
      .notNullable()
      .comment('Refs of the Karmada objects created, in create order, JSON');
    table
      .timestamp('created_at', { useTz: true, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .timestamp('updated_at', { useTz: true, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.unique(['namespace', 'name'], {
      indexName: 'hmas_deployments_namespace_name_uq',
    });
    table.index(['owner'], 'hmas_deployments_owner_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hmas_deployments');
};
