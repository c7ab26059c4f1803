// @ts-check

/**
 * Policy presets: named placement strategies, resource profiles and failover settings that
 * deployments pick at creation (F-3.2).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hmas_policy_presets', table => {
    table.comment(
      'Policy presets applied to the PropagationPolicy and Deployment of new deployments',
    );
    table.string('id', 36).primary().comment('UUID of the preset');
    table
      .string('name', 63)
      .notNullable()
      .comment('Preset name (DNS-1123 label), unique');
    table
      .text('spec')
      .notNullable()
      .comment('The validated preset (presetSpecSchema output), JSON');
    table
      .string('created_by', 255)
      .notNullable()
      .comment('Entity ref of the creator');
    table
      .timestamp('created_at', { useTz: true, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the preset was created');
    table
      .timestamp('updated_at', { useTz: true, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the preset was last changed');
    table.unique(['name'], { indexName: 'hmas_policy_presets_name_uq' });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hmas_policy_presets');
};
