// @ts-check

/**
 * The operation journal of a deployment (#12): an unfinished create, update or delete is
 * recorded on its row before its first Karmada call, and each step before it is taken, so a
 * crash or a lost reply leaves a record the recovery task can finish or roll back.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('hmas_deployments', table => {
    table
      .string('operation', 16)
      .nullable()
      .comment(
        'Unfinished operation: create, update or delete; null when none',
      );
    table
      .string('operation_id', 36)
      .nullable()
      .comment(
        'UUID of the unfinished operation; whoever holds it may write its steps',
      );
    table
      .text('operation_step')
      .nullable()
      .comment('The step the operation is about to take (or took last)');
    table
      .text('operation_target')
      .nullable()
      .comment('For an update: the spec being applied, JSON');
    table
      .timestamp('operation_heartbeat', { useTz: true, precision: 3 })
      .nullable()
      .comment('When the operation last recorded a step');
    table.index(['operation_heartbeat'], 'hmas_deployments_operation_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('hmas_deployments', table => {
    table.dropIndex(['operation_heartbeat'], 'hmas_deployments_operation_idx');
    table.dropColumn('operation');
    table.dropColumn('operation_id');
    table.dropColumn('operation_step');
    table.dropColumn('operation_target');
    table.dropColumn('operation_heartbeat');
  });
};
