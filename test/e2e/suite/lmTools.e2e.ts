/** Lockflow's language-model tools in a real VS Code: registered from package.json's table, invoked as an agent would. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TOOL_DEFINITIONS } from '../../../src/core/tools/definitions';
import type { CallersAnswer, LocksAt } from '../../../src/core/tools';
import { lineOf, openFixture } from './editorHelpers';
import { test, waitFor } from './runner';

async function invoke<T>(name: string, input: object): Promise<T> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
  return JSON.parse(text) as T;
}

test('every Lockflow tool is registered for language models', async () => {
  await openFixture('group_mode.c');
  await waitFor('the tools registered', () => TOOL_DEFINITIONS.every((t) => vscode.lm.tools.some((x) => x.name === t.name)));
  for (const t of TOOL_DEFINITIONS) {
    const registered = vscode.lm.tools.find((x) => x.name === t.name)!;
    assert.equal(registered.description, t.description);
    assert.deepEqual(registered.inputSchema, t.inputSchema);
  }
});

test('lockflow_locks_at through vscode.lm.invokeTool: the locks held at a line, each where it was last taken', async () => {
  const editor = await openFixture('group_mode.c');
  const doc = editor.document;
  const line = lineOf(doc, 'prev = group->default_domain;');
  const out = await invoke<LocksAt>('lockflow_locks_at', { file: 'group_mode.c', line });
  assert.equal(out.at, `group_mode.c:${line}`);
  assert.equal(out.function, 'group_mode_store');
  // group->mutex was dropped at the unlock before device_lock(): it is held since the second mutex_lock.
  const relock = lineOf(doc, 'device_lock(dev);\n\tmutex_lock(&group->mutex);') + 1;
  assert.deepEqual(
    out.must.map((h) => [h.lock, h.taken.map((t) => t.at)]),
    [
      ['dev->mutex', [`group_mode.c:${lineOf(doc, 'device_lock(dev);')}`]],
      ['group->mutex', [`group_mode.c:${relock}`]],
    ],
  );
  assert.deepEqual(out.may, []);
});

test('a tool refuses a path outside the workspace folder', async () => {
  await assert.rejects(invoke<CallersAnswer>('lockflow_callers', { function: 'group_mode_store', file: '../../etc/passwd' }), /outside the tree.*refused/);
});
