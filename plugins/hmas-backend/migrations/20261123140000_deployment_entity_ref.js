// @ts-check

/**
 * Deployments may serve a catalog entity (F-2.8, F-4.3): the entity ref is a column so the
 * entity's Model deployments card can ask for its deployments without scanning every spec.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('hmas_deployments', table => {
    table
      .string('entity_ref', 255)
      .nullable()
      .comment(
        'Entity ref (lower case) of the catalog entity this deployment serves',
      );
    table.index(['entity_ref'], 'hmas_deployments_entity_ref_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('hmas_deployments', table => {
    table.dropIndex(['entity_ref'], 'hmas_deployments_entity_ref_idx');
    table.dropColumn('entity_ref');
  });
};
