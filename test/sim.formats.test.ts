/** A review with --simulate: every format says each simulation finding once, with its witnesses and, for a race, lockdep's table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixturePath, runCli } from './helpers';

const FIXTURE = fixturePath('sim', 'store_type_unlocked_window.c');

test('text, markdown and HTML reports carry the witnesses and the race table', async () => {
  const text = await runCli(['review', FIXTURE, '--simulate', '--format', 'text', '--fail-on', 'none']);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stdout.match(/^ {2}\[sim\/use-after-free\]/gm)?.length, 1);
  assert.match(text.stdout, /\n {4}shown by \d+ runs: the shortest here, and \d+ more interleavings \(also at lines \d+, \d+\)\n {4}Possible unsafe interleaving:\n/);
  const md = await runCli(['review', FIXTURE, '--simulate', '--format', 'markdown', '--fail-on', 'none']);
  const sim = md.stdout.slice(md.stdout.indexOf('## Simulation'), md.stdout.indexOf('## Diagrams'));
  assert.equal(sim.match(/^- `sim\/use-after-free`/gm)?.length, 1);
  assert.match(sim, /```\nPossible unsafe interleaving:\n\nstore {35}unplug\n/);
  assert.match(md.stdout, /### Simulation: sim\/use-after-free \(\d+ runs show it\)/);
  const html = await runCli(['review', FIXTURE, '--simulate', '--format', 'html', '--fail-on', 'none']);
  assert.match(html.stdout, /<h2>Simulation<\/h2>\n<p>\d+ runs of grp_type_store\(\); returns reached 6\/6/);
  assert.match(html.stdout, /<pre class="scenario">Possible unsafe interleaving:\n\nstore {35}unplug\n----[^<]*66: mutex_lock\(&amp;group-&gt;mutex\);/);
  const mermaid = await runCli(['simulate', FIXTURE, '--format', 'mermaid']);
  assert.match(mermaid.stdout, /^%% sim\/use-after-free: .*#59; shown by \d+ runs/m);
});
