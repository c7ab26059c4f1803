// @ts-check

/**
 * Metering of the inference gateway: calls per deployment, caller and UTC minute, written in
 * batches by the gateway's usage meter (one upsert per row that adds to the counts). The rows
 * of a deployment go with it (foreign key, cascade).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('hmas_inference_usage', table => {
    table.comment(
      'Inference gateway calls per deployment, caller and UTC minute: counts, latency, tokens',
    );
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('hmas_deployments')
      .onDelete('CASCADE')
      .comment('UUID of the deployment called');
    table
      .string('caller', 255)
      .notNullable()
      .comment(
        'Entity ref of the calling user, or service:<subject> for a service principal',
      );
    table
      .timestamp('period_start', { useTz: true, precision: 3 })
      .notNullable()
      .comment('Start of the UTC minute the calls were made in');
    table
      .integer('requests')
      .notNullable()
      .defaultTo(0)
      .comment('Calls forwarded or refused after authorization');
    table
      .integer('errors')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Calls answered with a status of 400 or more, or a broken stream',
      );
    table
      .double('latency_ms_total')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Sum of the latencies (ms, from the route start to the end of the reply)',
      );
    table
      .double('latency_ms_max')
      .notNullable()
      .defaultTo(0)
      .comment('Longest latency of one call (ms)');
    table
      .bigInteger('prompt_tokens')
      .notNullable()
      .defaultTo(0)
      .comment('Prompt tokens the model server reported (unreported count 0)');
    table
      .bigInteger('completion_tokens')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Completion tokens the model server reported (unreported count 0)',
      );
    table
      .timestamp('last_call_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment('When the latest call of the row ended');
    table
      .timestamp('updated_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment('When a flush last added to the row');
    table.primary(
      ['deployment_id', 'caller', 'period_start'],
      'hmas_inference_usage_pk',
    );
    table.index(
      ['deployment_id', 'period_start'],
      'hmas_inference_usage_deployment_period_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('hmas_inference_usage');
};
