// Runs a TypeScript benchmark from source through Backstage's node transform.
require('@backstage/cli/config/nodeTransform.cjs');
require(require('node:path').resolve(process.argv[2]));
