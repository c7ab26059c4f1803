// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hmas_clusters', table => {
    table.comment(
      'Cache of the Karmada member clusters for fast listing; Karmada is the truth',
    );
    table.string('name', 63).primary().comment('Cluster name (DNS-1123 label)');
    table
      .string('zone', 32)
      .notNullable()
      .comment('Zone derived from the labels when cached');
    table
      .string('resource_version', 64)
      .notNullable()
      .comment('Karmada resourceVersion of the cached object');
    table.text('info').notNullable().comment('ClusterInfo as JSON');
    table
      .timestamp('refreshed_at', { useTz: true, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When this row was last written from Karmada');
    table.index(['zone'], 'hmas_clusters_zone_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hmas_clusters');
};
