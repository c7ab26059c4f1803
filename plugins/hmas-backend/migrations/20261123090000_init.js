// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hmas_audit_log', table => {
    table.comment('Every write H-MAS makes, whichever path it came through');
    table
      .bigIncrements('id')
      .primary()
      .comment('Monotonic id, also the order of writes');
    table
      .timestamp('created_at', { useTz: true, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the write happened');
    table
      .string('actor', 255)
      .notNullable()
      .comment('Entity ref of the user or service');
    table
      .string('source', 32)
      .notNullable()
      .comment('ui, api, scaffolder or reconciler');
    table
      .string('action', 64)
      .notNullable()
      .comment('What was done, e.g. cluster.labels.update');
    table
      .string('target_kind', 32)
      .notNullable()
      .comment('cluster, deployment, policy or preset');
    table
      .string('target_name', 512)
      .notNullable()
      .comment('Target name, namespace/name if namespaced');
    table.text('summary').notNullable().comment('One human-readable line');
    table
      .text('details')
      .nullable()
      .comment('JSON details of the change, never secrets');
    table.index(
      ['target_kind', 'target_name', 'id'],
      'hmas_audit_log_target_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hmas_audit_log');
};
