// @ts-check

/**
 * The outcome of an audited write (#14): failed and rolled-back writes are audited too.
 * Entries written before it succeeded (only successful writes were audited).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('hmas_audit_log', table => {
    table
      .string('outcome', 16)
      .notNullable()
      .defaultTo('succeeded')
      .comment('succeeded, failed or rolled-back');
    table.index(['actor'], 'hmas_audit_log_actor_idx');
    table.index(['created_at'], 'hmas_audit_log_created_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('hmas_audit_log', table => {
    table.dropIndex(['created_at'], 'hmas_audit_log_created_at_idx');
    table.dropIndex(['actor'], 'hmas_audit_log_actor_idx');
    table.dropColumn('outcome');
  });
};
