/** The chunks a diagram panel preloads: the build's list holds what each kind draws with, and only chunk files it wrote. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preloadedChunks } from '../../src/extension/webviewPreload';
import { repoRoot } from '../helpers';
import { tempDir } from '../tempDir';

const media = join(repoRoot(), 'media', 'dist');

test('a flowchart panel preloads mermaid, the flowchart and dagre; a simulation panel the sequence diagram', () => {
  const flow = preloadedChunks(media, 'lockflow');
  for (const want of [/\/mermaid\.core-\w+\.js$/, /\/flowDiagram-\w+-\w+\.js$/, /\/dagre-\w+-\w+\.js$/]) assert.ok(flow.some((c) => want.test(c)), `${want} in ${flow.join(' ')}`);
  assert.ok(!flow.some((c) => /sequenceDiagram/.test(c)));
  const sim = preloadedChunks(media, 'simulation');
  assert.ok(sim.some((c) => /\/sequenceDiagram-\w+-\w+\.js$/.test(c)));
  assert.ok(!sim.some((c) => /flowDiagram/.test(c)));
  for (const c of [...flow, ...sim]) assert.ok(existsSync(join(media, c)), `${c} was built`);
  assert.equal(new Set(flow).size, flow.length, 'each chunk once');
});

test('a name that is not a chunk the build writes is dropped; no list means no preloads', () => {
  const dir = tempDir('preload');
  writeFileSync(join(dir, 'webview-preload.json'), JSON.stringify({ renderer: ['webview-chunks/a-1.js', '../../secret.js', 'webview-chunks/x.js"><script>'], flowchart: ['webview-chunks/b.js'] }));
  assert.deepEqual(preloadedChunks(dir, 'cfg'), ['webview-chunks/a-1.js', 'webview-chunks/b.js']);
  assert.deepEqual(preloadedChunks(tempDir('preload'), 'cfg'), []);
});
