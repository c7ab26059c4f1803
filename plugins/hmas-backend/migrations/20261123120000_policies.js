// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hmas_policies', table => {
    table.comment(
      'Cache of the Karmada propagation and override policies for fast listing; Karmada is the truth',
    );
    table
      .string('kind', 32)
      .notNullable()
      .comment(
        'PropagationPolicy, ClusterPropagationPolicy, OverridePolicy or ClusterOverridePolicy',
      );
    table
      .string('namespace', 63)
      .notNullable()
      .defaultTo('')
      .comment('Namespace of the policy; empty for the cluster-scoped kinds');
    table
      .string('name', 253)
      .notNullable()
      .comment('Policy name (DNS-1123 subdomain)');
    table
      .string('resource_version', 64)
      .notNullable()
      .comment('Karmada resourceVersion of the cached object');
    table
      .text('summary')
      .notNullable()
      .comment(
        'PolicySummary as JSON: what the policy selects and where it places it (or what it overrides where)',
      );
    table
      .timestamp('refreshed_at', { useTz: true, precision: 3 })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When this row was last written from Karmada');
    table.primary(['kind', 'namespace', 'name'], 'hmas_policies_pkey');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hmas_policies');
};
