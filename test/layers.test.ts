/**
 * The layers hold: data flows one way through src/core's folders (text -> syntax -> cfg/callgraph
 * -> locks -> review -> render), so the folders' imports form no cycle; and the lint refuses an
 * import of vscode or of a shell from src/core.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from './helpers';

const CORE = join(repoRoot(), 'src', 'core');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Folder -> folders it imports from (type imports count: they are dependencies of the design too). */
function folderGraph(): Map<string, Map<string, string>> {
  const folder = (p: string) => relative(CORE, p).split(/[\\/]/)[0].replace(/\.ts$/, '');
  const graph = new Map<string, Map<string, string>>();
  for (const file of tsFiles(CORE)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s+'(\.[^']+)'/gm)) {
      const [from, to] = [folder(file), folder(resolve(dirname(file), m[1]))];
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(to, relative(CORE, file));
    }
  }
  return graph;
}

/** A cycle as folder names with the file making each step, or undefined. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 'open');
    stack.push(n);
    for (const [m, via] of graph.get(n) ?? []) {
      if (state.get(m) === 'open') return [...stack.slice(stack.indexOf(m)), `${m} (via ${via})`];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of graph.keys()) if (!state.has(n)) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

test("src/core's folders import one another without a cycle, and the check finds one when there is", () => {
  const graph = folderGraph();
  assert.ok(graph.get('review')?.has('locks') && graph.get('render')?.has('review'), 'the graph is read');
  assert.equal(findCycle(graph)?.join(' -> '), undefined);
  const looped = new Map([...graph].map(([k, v]) => [k, new Map(v)]));
  looped.get('locks')!.set('render', 'locks/probe.ts');
  assert.match(findCycle(looped)!.join(' -> '), /locks.*render.*locks|render.*locks.*render/);
});

test('the lint refuses vscode and the shells in src/core, and allows them in the extension', async () => {
  const eslint = new ESLint({ cwd: repoRoot() });
  const probe = "import * as vscode from 'vscode';\nimport { baseReader } from '../../cli/input';\nexport const probe = [vscode, baseReader];\n";
  const [inCore] = await eslint.lintText(probe, { filePath: join(CORE, 'review', 'probe.ts') });
  const refused = inCore.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  assert.equal(refused.length, 2, JSON.stringify(inCore.messages));
  assert.match(refused[0], /never imports vscode/);
  assert.match(refused[1], /neither the CLI/);
  const [inExtension] = await eslint.lintText(probe.replace('../../cli/input', '../cli/input'), { filePath: join(repoRoot(), 'src', 'extension', 'probe.ts') });
  assert.deepEqual(inExtension.messages.filter((m) => m.ruleId === 'no-restricted-imports'), []);
});
