// One esbuild script: extension host (cjs, vscode external) and its analysis worker (loaded by path), CLI (node),
// webview (browser), and the tests and benchmarks (every bench/*.ts is an entry: bench.ts,
// corpus.ts and its worker corpusWorker.ts, loaded by path at run time); copies the grammar wasm, and the
// knowledge schema for the editor's validation of a user's knowledge file (package.json jsonValidation), and
// generates the schema's validator (scripts/knowledgeValidator.mjs).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKnowledgeValidator } from './knowledgeValidator.mjs';
import { writeWebviewPreload } from './webviewPreload.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

mkdirSync(join(root, 'grammars'), { recursive: true });
copyFileSync(join(root, 'node_modules/tree-sitter-c/tree-sitter-c.wasm'), join(root, 'grammars/tree-sitter-c.wasm'));
copyFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), join(root, 'grammars/web-tree-sitter.wasm'));
mkdirSync(join(root, 'dist'), { recursive: true });
copyFileSync(join(root, 'src/core/knowledge/knowledge.schema.json'), join(root, 'dist/knowledge.schema.json'));
writeKnowledgeValidator(root);

function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, suffix));
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out;
}

// The CLI bundle requires the MCP SDK from dist/mcpSdk.js, its own bundle, when `lockflow mcp` runs.
const mcpSdkApart = {
  name: 'mcp-sdk-apart',
  setup(build) {
    build.onResolve({ filter: /\/mcpSdk$/ }, () => ({ path: './mcpSdk.js', external: true }));
  },
};

// The CLI's node built-ins that only some commands use (git through child_process, hashing,
// worker threads) are loaded when first used: a 50-line review paid ~15 ms at start compiling
// modules it never called. Each becomes a module of getters, one per export node has here, that
// requires the real one on first access (esbuild's interop copies getters, so nothing runs early).
const LAZY_BUILTINS = ['child_process', 'crypto', 'worker_threads', 'os', 'util', 'vm'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const names = Object.keys(await import(`node:${args.path}`)).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
      const getters = names.map((n) => `  get ${n}() { return load().${n}; },`).join('\n');
      return { contents: `let real;\nconst load = () => (real ??= require('node:${args.path}'));\nmodule.exports = {\n${getters}\n};\n`, loader: 'js' };
    });
  },
};

// web-tree-sitter's ESM build needs import.meta.url, which a cjs bundle lacks: use its cjs build.
const common = { alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' }, bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root, target: 'node20' };
const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  { ...common, entryPoints: ['src/worker/analysisWorker.ts'], outfile: 'dist/analysisWorker.js', platform: 'node', format: 'cjs' },
  // import() becomes require(): bin/lockflow.js runs the bundle from a V8 code cache, where import() has no loader.
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', minifyWhitespace: true, minifySyntax: true, supported: { 'dynamic-import': false }, plugins: [mcpSdkApart, lazyBuiltins] },
  { ...common, entryPoints: ['src/cli/mcpSdk.ts'], outfile: 'dist/mcpSdk.js', platform: 'node', format: 'cjs' },
  // bin/lockflow.js loads dist/cli.js through this, with a V8 code cache.
  { ...common, entryPoints: ['src/cli/codeCache.ts'], outfile: 'dist/codeCache.js', platform: 'node', format: 'cjs', sourcemap: false },
  // `lockflow index`'s worker threads, loaded by path beside the CLI.
  { ...common, entryPoints: ['src/indexer/worker.ts'], outfile: 'dist/indexWorker.js', platform: 'node', format: 'cjs' },
  // An ES module split in chunks: mermaid loads the code of a diagram type when it first draws one,
  // so a flowchart does not wait for the parser of every other diagram (a 5 MB bundle took seconds).
  // Its metafile lists the chunks a panel preloads (webviewPreload.mjs).
  { ...common, entryPoints: { webview: 'src/webview/main.ts' }, outdir: 'media/dist', chunkNames: 'webview-chunks/[name]-[hash]', splitting: true, platform: 'browser', format: 'esm', target: 'es2022', minify: true, metafile: true },
  { ...common, entryPoints: ['src/webview/report.ts'], outfile: 'media/dist/report.js', platform: 'browser', format: 'iife', target: 'es2022', minify: true, sourcemap: false },
  // The extension-host e2e suite runs inside VS Code, which provides 'vscode'; test/e2e is kept out of the node:test bundle below.
  // Two suites: index (a trusted workspace) and untrusted (run in a workspace that is not trusted).
  { ...common, entryPoints: ['test/e2e/suite/index.ts', 'test/e2e/suite/untrusted.ts'], outdir: 'dist/e2e/suite', platform: 'node', format: 'cjs', external: ['vscode'] },
  {
    ...common,
    entryPoints: [...filesUnder(join(root, 'test'), '.ts'), ...filesUnder(join(root, 'bench'), '.ts')].filter((f) => !f.endsWith('.d.ts') && !f.startsWith(join(root, 'test', 'e2e'))),
    outdir: 'dist',
    outbase: '.',
    platform: 'node',
    format: 'cjs',
    packages: 'external',
  },
];

// Chunk names carry a hash: drop the last build's, or they pile up (and into the .vsix).
rmSync(join(root, 'media/dist/webview-chunks'), { recursive: true, force: true });
const entries = (b) => (Array.isArray(b.entryPoints) ? b.entryPoints : Object.values(b.entryPoints));
const present = builds.filter((b) => entries(b).length && entries(b).every((e) => existsSync(join(root, e)) || existsSync(e)));
if (watch) {
  for (const b of present) await (await esbuild.context(b)).watch();
} else {
  const results = await Promise.all(present.map((b) => esbuild.build(b)));
  const webview = present.findIndex((b) => b.outdir === 'media/dist');
  if (webview >= 0) writeWebviewPreload(results[webview].metafile, root, 'media/dist', 'media/dist/webview.js');
}
