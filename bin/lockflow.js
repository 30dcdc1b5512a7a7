#!/usr/bin/env node
// A CLI run is short: the grammar's wasm is faster to start on V8's baseline
// compiler alone than with the optimising tier compiled beside it (measured:
// 0.50 s -> 0.31 s for the seed mail, no loss on a 90k-line directory).
require('node:v8').setFlagsFromString('--liftoff-only');
// The bundle through a V8 code cache (src/cli/codeCache.ts): node 20 would compile it at every start.
const { requireCached } = require('../dist/codeCache.js');
requireCached(require.resolve('../dist/cli.js'), process.argv[2]).runCli();
