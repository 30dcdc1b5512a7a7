#!/usr/bin/env node
// A CLI run is short: the grammar's wasm is faster to start on V8's baseline
// compiler alone than with the optimising tier compiled beside it (measured:
// 0.50 s -> 0.31 s for the seed mail, no loss on a 90k-line directory).
require('node:v8').setFlagsFromString('--liftoff-only --no-wasm-lazy-compilation');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const command = process.argv[2];
// Commands that parse C: the grammar's wasm compiles on V8's background threads while the bundle loads.
const syntax = /^(review|parse|cfg|callgraph|simulate|mcp)$/.test(command ?? '') ? compileSyntax(join(__dirname, '..', 'grammars')) : undefined;
// The bundle through a V8 code cache (src/cli/codeCache.ts): node 20 would compile it at every start.
const { requireCached } = require('../dist/codeCache.js');
const run = () => requireCached(require.resolve('../dist/cli.js'), command).runCli(syntax);
// V8 starts an asynchronous compile from a task on this thread: let it run before the bundle's load takes the thread.
if (syntax) setImmediate(run);
else run();

function compileSyntax(dir) {
  try {
    const compile = (name) => WebAssembly.compile(readFileSync(join(dir, name)));
    const compiled = { runtime: compile('web-tree-sitter.wasm'), grammar: compile('tree-sitter-c.wasm') };
    // A failure is said by the first parse, which awaits these; none is left unhandled meanwhile.
    for (const p of Object.values(compiled)) p.catch(() => undefined);
    return compiled;
  } catch {
    // No grammars beside the bundle (not built): the parse finds them itself, or says what is missing.
    return undefined;
  }
}
