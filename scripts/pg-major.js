// Prints the major version of the PostgreSQL server at the given URL, or exits 1 if it does
// not answer within 3 seconds. Used by scripts/test.sh to decide which engines store tests use.
const { Client } = require('pg');

const client = new Client({
  connectionString: process.argv[2],
  connectionTimeoutMillis: 3000,
});
client
  .connect()
  .then(() => client.query('show server_version_num'))
  .then(res => {
    console.log(Math.floor(Number(res.rows[0].server_version_num) / 10000));
    return client.end();
  })
  .catch(() => process.exit(1));
