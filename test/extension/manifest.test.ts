import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, EXPLORER_WHEN, commandId } from '../../src/extension/commandTable';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));

test('the manifest contributes exactly the commands of the table, with their titles and categories', () => {
  const fromTable = COMMANDS.map((c) => ({ command: commandId(c.name), title: c.title, category: c.category }));
  const fromManifest = manifest.contributes.commands.map((c: { command: string; title: string; category: string }) => ({ command: c.command, title: c.title, category: c.category }));
  assert.deepEqual(fromManifest, fromTable);
  for (const c of fromTable) assert.match(c.category, /^Lockflow/);
});

test('context menus offer exactly the commands the table marks for them', () => {
  const menu = (name: string) => manifest.contributes.menus[name].map((m: { command: string }) => m.command).sort();
  assert.deepEqual(menu('editor/context'), COMMANDS.filter((c) => c.editorMenu).map((c) => commandId(c.name)).sort());
  for (const m of manifest.contributes.menus['editor/context']) assert.match(m.when, /editorLangId == c/);
  const explorer = manifest.contributes.menus['explorer/context'].map((m: { command: string; when: string }) => `${m.command} when ${m.when}`).sort();
  assert.deepEqual(explorer, COMMANDS.filter((c) => c.explorerMenu).map((c) => `${commandId(c.name)} when ${EXPLORER_WHEN[c.explorerMenu!]}`).sort());
  assert.ok(EXPLORER_WHEN.patch.includes('mbox') && EXPLORER_WHEN.patch.includes('eml'));
});

test('every setting is documented and activation is lazy', () => {
  const props = manifest.contributes.configuration.properties;
  for (const key of ['lockflow.lockFunctions', 'lockflow.contextAssumptions', 'lockflow.maxPaths', 'lockflow.simulation.maxInterleavings', 'lockflow.reviewOnSave', 'lockflow.diagram.theme']) {
    assert.ok(props[key], `${key} is contributed`);
    assert.ok((props[key].markdownDescription ?? props[key].description ?? '').length > 40, `${key} is documented`);
    assert.notEqual(props[key].default, undefined, `${key} has a default`);
  }
  assert.ok(!manifest.activationEvents.includes('*'));
  assert.ok(manifest.activationEvents.includes('onLanguage:c'));
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('vsce can pack the extension: its .vscodeignore is not doubled by a "files" list (npm pack reads .npmignore)', () => {
  assert.ok(existsSync(join(__dirname, '../../../.vscodeignore')));
  assert.ok(existsSync(join(__dirname, '../../../.npmignore')));
  assert.equal(manifest.files, undefined, 'vsce refuses a "files" property beside .vscodeignore');
});
