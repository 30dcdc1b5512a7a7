import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESTRICTED_SETTINGS, settingValue } from '../../src/extension/trust';
import { mayReveal, parseFromWebview, revealable } from '../../src/extension/webviewMessages';
import type { Diagram } from '../../src/webview/protocol';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));

test('every setting that changes analysis or its cost is restricted in untrusted workspaces', () => {
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [...RESTRICTED_SETTINGS]);
  for (const key of RESTRICTED_SETTINGS) assert.ok(manifest.contributes.configuration.properties[key], key);
  assert.ok(!(RESTRICTED_SETTINGS as readonly string[]).includes('lockflow.diagram.theme'));
});

test('an untrusted workspace keeps the user value or the default although its settings set another', () => {
  const hostile = { defaultValue: [] as unknown[], workspaceValue: [{ name: 'kfree', op: 'release', kind: 'mutex' }] };
  assert.deepEqual(settingValue(hostile, false, []), []);
  assert.deepEqual(settingValue(hostile, true, []), hostile.workspaceValue);
  assert.equal(settingValue({ defaultValue: 10_000, globalValue: 500, workspaceFolderValue: 1e9 }, false, 10_000), 500);
  assert.equal(settingValue({ defaultValue: 10_000, globalValue: 500, workspaceFolderValue: 7 }, true, 10_000), 7);
  assert.equal(settingValue(undefined, false, 2000), 2000);
});

const DIAGRAM: Diagram = {
  kind: 'lockflow',
  title: 'Lock flow',
  mermaid: 'flowchart TD\n  n1["a"]',
  nodes: { n1: { uri: 'file:///src/w.c', line: 12 } },
  steps: [{ label: 'step', ref: { uri: 'file:///src/w.c', line: 20 } }, { label: 'no ref' }],
};

test('webview messages are checked against the protocol at run time', () => {
  assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromWebview({ type: 'export', format: 'svg' }), { type: 'export', format: 'svg' });
  assert.deepEqual(parseFromWebview({ type: 'reveal', ref: { uri: 'file:///src/w.c', line: 12 }, extra: 1 }), { type: 'reveal', ref: { uri: 'file:///src/w.c', line: 12 } });
  for (const bad of [null, 'ready', [], {}, { type: 'eval' }, { type: 'export', format: '../../x' }, { type: 'reveal', ref: { uri: 5, line: 1 } }, { type: 'reveal', ref: { uri: 'file:///x', line: -1 } }, { type: 'selectRow', index: '1' }, { type: 'svg', requestId: 1, svg: 7 }, { type: 'rendered', nodeCount: 'x', pruned: 0 }]) {
    assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
  }
});

test('a forged reveal is refused: only the nodes and steps the panel sent may be revealed', () => {
  const allowed = revealable(DIAGRAM);
  assert.ok(mayReveal(allowed, { uri: 'file:///src/w.c', line: 12 }));
  assert.ok(mayReveal(allowed, { uri: 'file:///src/w.c', line: 20 }));
  assert.ok(!mayReveal(allowed, { uri: 'file:///etc/passwd', line: 1 }));
  assert.ok(!mayReveal(allowed, { uri: 'file:///src/w.c', line: 13 }));
  assert.ok(!mayReveal(allowed, { uri: 'command:workbench.action.terminal.new', line: 12 }));
});
