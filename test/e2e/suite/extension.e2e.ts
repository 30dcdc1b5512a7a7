/** Lockflow inside a real VS Code: activation, commands, diagram panels, export. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, commandId } from '../../../src/extension/commandTable';
import type { Diagram } from '../../../src/webview/protocol';
import { hostileLockFunctions, hoverText, lensAt, lineOf, openFixture, workspaceFile } from './editorHelpers';
import { test, waitFor } from './runner';

const EXTENSION_ID = 'lockflow.lockflow';

function webviewTabs(label: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label === label);
}

test('activates lazily when a C file opens', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  await openFixture('pool.c');
  await waitFor('activation on a C file', () => ext.isActive);
});

test('every command of the table is registered and contributed', async () => {
  const all = new Set(await vscode.commands.getCommands(true));
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, COMMANDS.map((c) => commandId(c.name)).sort());
  for (const id of contributed) assert.ok(all.has(id), `${id} is registered`);
});

test('Show Call Graph draws the file in one panel, reused on the next run', async () => {
  const editor = await openFixture('pool.c');
  const diagram = (await vscode.commands.executeCommand('lockflow.showCallGraph', undefined, { wholeFile: true })) as Diagram;
  assert.equal(diagram.kind, 'callgraph');
  assert.match(diagram.mermaid, /\["pool_reset"\]/);
  const resetRef = Object.values(diagram.nodes).find((r) => r.line === lineOf(editor.document, 'int pool_reset('));
  assert.ok(resetRef, 'pool_reset is linked to its definition');
  assert.equal(resetRef.uri, editor.document.uri.toString());
  await waitFor('the call graph tab', () => webviewTabs('Call graph of pool.c').length === 1);
  await vscode.commands.executeCommand('lockflow.showCallGraph', undefined, { wholeFile: true });
  await new Promise((r) => setTimeout(r, 300)); // give a wrongly created second panel the time to appear
  assert.equal(webviewTabs('Call graph of pool.c').length, 1);
});

test('Export Diagram writes the mermaid source and the drawn SVG', async () => {
  const mmd = workspaceFile('callgraph.mmd');
  const svg = workspaceFile('callgraph.svg');
  const wrote = await vscode.commands.executeCommand('lockflow.exportDiagram', 'mmd', mmd);
  assert.equal(String(wrote), String(mmd));
  const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(mmd));
  assert.match(source, /^flowchart LR\n/);
  assert.match(source, /pool_trim_locked/);
  // The SVG exists once the webview has drawn it.
  await waitFor('the SVG export', async () => await vscode.commands.executeCommand('lockflow.exportDiagram', 'svg', svg), 30_000);
  const drawn = new TextDecoder().decode(await vscode.workspace.fs.readFile(svg));
  assert.match(drawn, /^<svg[\s>]/);
  assert.match(drawn, /pool_trim_locked/);
  // Readable on white paper whatever the editor's theme: a background of its own.
  assert.match(drawn, /^<svg[^>]*style="background-color: #ffffff[^>]*><rect [^>]*fill="#ffffff"/);
});

/** Ten functions under the root, each calling ten more: 111 functions within two calls. */
function wideFile(): string {
  const out = ['// SPDX-License-Identifier: GPL-2.0', 'static DEFINE_MUTEX(wide_lock);', ''];
  out.push(`int wide_root(void)\n{\n${Array.from({ length: 10 }, (_, k) => `\twide_${k}();`).join('\n')}\n\treturn 0;\n}\n`);
  for (let k = 0; k < 10; k++) {
    const calls = Array.from({ length: 10 }, (_, j) => `\twide_${k}_${j}();`).join('\n');
    const locked = k === 3 ? '\tmutex_lock(&wide_lock);\n' + calls + '\n\tmutex_unlock(&wide_lock);' : calls;
    out.push(`static void wide_${k}(void)\n{\n${locked}\n}\n`);
  }
  return out.join('\n');
}

test('Show Call Graph roots at the cursor: depth 2, at most 60 nodes, what was cut said, calls that lock emphasised', async () => {
  const uri = workspaceFile('wide.c');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(wideFile()));
  const editor = await openFixture('wide.c');
  const line = lineOf(editor.document, '\twide_0();');
  editor.selection = new vscode.Selection(line - 1, 1, line - 1, 1);
  const diagram = (await vscode.commands.executeCommand('lockflow.showCallGraph')) as Diagram;
  assert.equal(diagram.title, 'Calls from wide_root()');
  assert.deepEqual(diagram.callGraph, { root: 'wide_root', depth: 2, direction: 'callees', lockOnly: false });
  const nodes = diagram.mermaid.split('\n').filter((l) => /^ {2}n\d+[[(]/.test(l));
  assert.equal(nodes.length, 60, 'pruned to 60 functions');
  assert.match(diagram.banner ?? '', /^53 more functions and 53 more calls not drawn/);
  // wide_3() takes and drops wide_lock: the call to it stands out.
  const id = nodes.find((l) => l.includes('"wide_3"'))!.trim().split('[')[0];
  assert.match(diagram.mermaid, new RegExp(`style ${id} stroke:#b26a00`));
  await waitFor('the call graph tab', () => webviewTabs('Calls from wide_root()').length === 1);
  const callers = (await vscode.commands.executeCommand('lockflow.showCallGraph', uri, { root: 'wide_3_4', direction: 'callers' })) as Diagram;
  assert.deepEqual(
    callers.mermaid.split('\n').filter((l) => /^ {2}n\d+[[(]/.test(l)).map((l) => /"(.*)"/.exec(l)![1]).sort(),
    ['wide_3', 'wide_3_4 #40;extern#41;', 'wide_root'],
  );
});

test('Show Control-Flow Graph draws the function at the cursor', async () => {
  const editor = await openFixture('pool.c');
  const line = lineOf(editor.document, 'if (pool->count >= 64)');
  editor.selection = new vscode.Selection(line - 1, 0, line - 1, 0);
  const diagram = (await vscode.commands.executeCommand('lockflow.showCfg')) as Diagram;
  assert.equal(diagram.title, 'CFG of pool_add()');
  assert.match(diagram.mermaid, /mutex_lock#40;#amp;pool-#gt;lock#41;/);
  assert.match(diagram.mermaid, /return -EBUSY/);
  // Every block links back into pool_add().
  const first = lineOf(editor.document, 'int pool_add(');
  const last = lineOf(editor.document, 'int pool_reset(') - 1;
  for (const ref of Object.values(diagram.nodes)) assert.ok(ref.line >= first && ref.line <= last, `line ${ref.line} is in pool_add()`);
  await waitFor('the CFG tab', () => webviewTabs('CFG of pool_add()').length === 1);
});

test('Review Current File puts findings with their evidence in Problems', async () => {
  const editor = await openFixture('pool.c');
  const uri = editor.document.uri;
  await vscode.commands.executeCommand('lockflow.reviewFile');
  const diags = await waitFor('lockflow diagnostics', () => {
    const list = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lockflow');
    return list.length ? list : undefined;
  });
  const helper = diags.find((d) => d.code === 'lock/helper-releases-caller-lock');
  assert.ok(helper, `the helper finding is shown; got ${diags.map((d) => d.code).join(', ')}`);
  // A helper that gives its caller's lock back on every return is a hand-off: said, at info level.
  assert.equal(helper.severity, vscode.DiagnosticSeverity.Information);
  assert.equal(helper.range.start.line + 1, lineOf(editor.document, 'mutex_unlock(&pool->lock);\n\treturn freed;'));
  // The range is the call, not the line.
  assert.equal(editor.document.getText(helper.range), 'mutex_unlock(&pool->lock)');
  const related = (helper.relatedInformation ?? []).map((r) => `${r.location.uri.toString() === uri.toString() ? 'pool.c' : r.location.uri.toString()}:${r.location.range.start.line + 1}`);
  assert.ok(related.includes(`pool.c:${lineOf(editor.document, 'mutex_lock(&pool->lock);\n\tdevice_lock(dev);')}`), `related: ${related.join(', ')}`);
});

test('Index Kernel Tree indexes the tree of the file in view, and its reviews then see across files', async () => {
  const editor = await openFixture('tree/drivers/box/box_lock.c');
  const uri = editor.document.uri;
  const report = (await vscode.commands.executeCommand('lockflow.indexTree', uri)) as string;
  assert.match(report, /3 files \(3 analysed, 0 unchanged\)/);
  await vscode.commands.executeCommand('lockflow.reviewFile');
  // box_settle() sleeps; its only caller, in box_bad.c, holds a spinlock: only the index tells.
  const sleeps = await waitFor('the finding the index gives', () => {
    const list = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lockflow' && d.code === 'lock/sleep-in-atomic');
    return list.length ? list : undefined;
  });
  assert.equal(sleeps[0].range.start.line + 1, lineOf(editor.document, 'msleep(10);'));
  assert.match(sleeps[0].message, /drivers\/box\/box_bad\.c:19/);
});

test('CodeLens gives each function its lock summary', async () => {
  const editor = await openFixture('pool.c');
  const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', editor.document.uri)) as vscode.CodeLens[];
  const at = (text: string) => lenses.find((l) => l.range.start.line + 1 === lineOf(editor.document, text))?.command?.title;
  assert.equal(at('static int pool_trim_locked('), "releases caller's pool->lock · 1 path");
  // Takes and gives back its own lock: never "no lock effects".
  assert.equal(at('int pool_add('), 'takes and releases pool->lock · 3 paths');
  assert.equal(at('static void pool_free_buf('), 'no lock effects · 1 path');
  assert.ok(lenses.every((l) => l.command?.command.startsWith('lockflow.')));
});

test('hovering a line lists the locks held there', async () => {
  const editor = await openFixture('pool.c');
  const text = await hoverText(editor.document, lineOf(editor.document, 'freed = pool_trim_locked(pool);'));
  assert.match(text, /on every path: `pool->lock`, `dev->mutex`/);
});

test('Review Patch or Mail shows the patched text in a virtual document beside its base', async () => {
  const mail = workspaceFile('pool-count-review.eml');
  const session = (await vscode.commands.executeCommand('lockflow.reviewPatch', mail)) as { id: number } | undefined;
  assert.ok(session, 'the mail was reviewed');
  const patched = await waitFor('the patched document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'lockflow-patched'));
  assert.equal(patched.uri.path, '/pool.c');
  assert.match(patched.getText(), /int pool_count\(struct buf_pool \*pool\)/);
  assert.equal(patched.languageId, 'c');
  // The user's file is untouched.
  const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('pool.c')));
  assert.ok(!onDisk.includes('pool_count'));
  const diff = await waitFor('the diff tab', () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'lockflow-patched'),
  );
  assert.equal((diff.input as vscode.TabInputTextDiff).original.toString(), workspaceFile('pool.c').toString());
  const introduced = await waitFor('findings on the patched document', () =>
    vscode.languages.getDiagnostics(patched.uri).find((d) => d.code === 'lock/held-at-return'),
  );
  assert.equal(introduced.range.start.line + 1, lineOf(patched, 'return 0;\n\tn = pool->count;'));
  assert.match(introduced.message, /introduced by the patch/);
  assert.equal(introduced.severity, vscode.DiagnosticSeverity.Warning);
  // What was there before the patch is a hint (lockflow.patch.preExistingFindings defaults to "folded").
  const before = vscode.languages.getDiagnostics(patched.uri).filter((d) => /\[pre-existing/.test(d.message));
  assert.ok(before.length > 0, 'the base has a finding the patch did not introduce');
  assert.ok(before.every((d) => d.severity === vscode.DiagnosticSeverity.Hint));
});

test('a CodeLens opens the lock flow of its function, each step linked to its line', async () => {
  const editor = await openFixture('pool.c');
  const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', editor.document.uri)) as vscode.CodeLens[];
  const lens = lenses.find((l) => l.range.start.line + 1 === lineOf(editor.document, 'int pool_reset('));
  assert.ok(lens?.command, 'pool_reset has a lens');
  const diagram = (await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []))) as Diagram;
  assert.equal(diagram.kind, 'lockflow');
  assert.equal(diagram.title, 'Lock flow of pool_reset()');
  assert.match(diagram.mermaid, /device_lock#40;dev#41;/);
  const lines = Object.values(diagram.nodes).map((r) => r.line);
  assert.ok(lines.includes(lineOf(editor.document, '\tdevice_lock(dev);')));
  await waitFor('the lock flow tab', () => webviewTabs('Lock flow of pool_reset()').length === 1);
});

test('Show Lock Order Graph draws the classes taken in order', async () => {
  const editor = await openFixture('pool.c');
  const diagram = (await vscode.commands.executeCommand('lockflow.showLockOrder')) as Diagram;
  assert.equal(diagram.kind, 'lockorder');
  assert.match(diagram.mermaid, /\["buf_pool\.lock"\][\s\S]*\["device\.mutex"\]/);
  // Edge labels as written: mermaid would show an entity there raw (`&#40;`).
  assert.match(diagram.mermaid, /-->\|"pool_reset\(\) L\d+"\|/);
  assert.doesNotMatch(diagram.mermaid, /\|"[^"]*#\d+;[^"]*"\|/);
  assert.deepEqual(diagram.table?.rows, [['buf_pool.lock → device.mutex', '1', '', `pool_reset() L${lineOf(editor.document, '\tdevice_lock(dev);')}`]]);
});

test('Simulate runs a scenario and shows its runs, the violation and the trace', async () => {
  const editor = await openFixture('group_mode.c');
  const report = (await vscode.commands.executeCommand('lockflow.simulate', editor.document.uri, 'group_mode_store', 'store identity vs unplug')) as
    | { function: string; runs: unknown[]; findings: { rule: string; message: string }[] }
    | undefined;
  assert.ok(report, 'the simulation ran');
  assert.equal(report.function, 'group_mode_store');
  assert.ok(report.runs.length > 1);
  const uaf = report.findings.find((f) => f.rule === 'sim/use-after-free');
  assert.ok(uaf, `a use-after-free of dev is found; got ${report.findings.map((f) => f.rule).join(', ')}`);
  assert.match(uaf.message, /dev/);
  await waitFor('the simulation tab', () => webviewTabs('Simulation of group_mode_store()').length === 1);
});

test('Copy Review Reply puts a reply mail quoting the patch on the clipboard', async () => {
  // The mail was reviewed by the patch test above.
  const text = (await vscode.commands.executeCommand('lockflow.copyReviewReply')) as string | undefined;
  assert.ok(text, 'a reply was made');
  assert.match(text, /^Subject: Re: \[PATCH[^\n]*pool: add pool_count\(\)/m);
  assert.match(text, /^> \+\s+return 0;$/m);
  assert.match(text, /held-at-return|still held/);
  assert.equal(await vscode.env.clipboard.readText(), text);
});

test('a changed setting applies at once, without a reload', async () => {
  const editor = await openFixture('pool.c');
  const line = lineOf(editor.document, 'buf = kzalloc(sizeof(*buf), GFP_KERNEL);');
  assert.match(await hoverText(editor.document, line), /no locks held here/);
  const config = vscode.workspace.getConfiguration('lockflow');
  await config.update('contextAssumptions', [{ function: 'pool_add', held: ['dev->mutex'] }], vscode.ConfigurationTarget.Global);
  try {
    await waitFor('the assumption in the hover', async () => /on every path: `dev->mutex`/.test(await hoverText(editor.document, line)));
  } finally {
    await config.update('contextAssumptions', undefined, vscode.ConfigurationTarget.Global);
  }
});

test('an edit is re-reviewed live: the finding follows its line', async () => {
  const editor = await openFixture('pool.c');
  const uri = editor.document.uri;
  await vscode.commands.executeCommand('lockflow.reviewFile');
  const findingLine = () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'lock/helper-releases-caller-lock')?.range.start.line;
  const before = await waitFor('the helper finding', findingLine);
  const added = '/* one more line */\n';
  assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), added)));
  await waitFor('the finding one line lower', () => findingLine() === before + 1);
  // Undo by the inverse edit (not by a command that acts on whichever editor has focus), then save the same text.
  assert.ok(await editor.edit((e) => e.delete(new vscode.Range(0, 0, 1, 0))));
  await waitFor('the finding back at its line', () => findingLine() === before);
  assert.ok(await editor.document.save());
});

test("a trusted workspace's own lockflow.lockFunctions apply (the control of untrusted.e2e.ts)", async () => {
  const editor = await openFixture('grab.c');
  const config = vscode.workspace.getConfiguration('lockflow');
  assert.equal(await lensAt(editor.document, 'int grab_count('), 'no lock effects · 1 path');
  await config.update('lockFunctions', hostileLockFunctions(), vscode.ConfigurationTarget.Workspace);
  try {
    await waitFor("the workspace's primitive in the lens", async () => (await lensAt(editor.document, 'int grab_count(')) === 'acquires pool->lock · 1 path');
  } finally {
    await config.update('lockFunctions', undefined, vscode.ConfigurationTarget.Workspace);
  }
});

test('the live review (in the analysis worker) shows a finding an edit introduces, with no command', async () => {
  const editor = await openFixture('pool.c');
  const doc = editor.document;
  const held = () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'lock/held-at-return');
  await waitFor('the first review', () => vscode.languages.getDiagnostics(doc.uri).some((d) => d.source === 'lockflow'));
  assert.equal(held(), undefined);
  // Drop the unlock on pool_add()'s -EBUSY path: that return now keeps pool->lock.
  const unlock = lineOf(doc, '\t\tmutex_unlock(&pool->lock);\n\t\tkfree(buf);');
  const removed = new vscode.Range(unlock - 1, 0, unlock, 0);
  const text = doc.getText(removed);
  assert.ok(await editor.edit((e) => e.delete(removed)));
  const finding = await waitFor('the held-at-return finding', held);
  assert.equal(finding.range.start.line + 1, lineOf(doc, 'return -EBUSY;'));
  assert.ok(await editor.edit((e) => e.insert(new vscode.Position(unlock - 1, 0), text)));
  await waitFor('the finding gone again', () => !held());
  assert.ok(await doc.save());
});

test('the extension host stays responsive while a long analysis runs', async () => {
  // About 56,000 lines: seconds of analysis, all in the worker thread.
  const fns = Array.from({ length: 4000 }, (_, i) =>
    `int f${i}(struct s *p, int a)\n{\n\tint r = 0;\n\tmutex_lock(&p->lock);\n\tif (a > ${i}) {\n\t\tspin_lock(&p->sl);\n\t\tp->n++;\n\t\tspin_unlock(&p->sl);\n\t} else if (a < 0) {\n\t\tr = -1;\n\t}\n\tmutex_unlock(&p->lock);\n\treturn r;\n}`,
  );
  const doc = await vscode.workspace.openTextDocument({ language: 'c', content: ['struct s { struct mutex lock; spinlock_t sl; int n; };', ...fns].join('\n') });
  let maxGap = 0;
  let last = Date.now();
  const ticker = setInterval(() => {
    maxGap = Math.max(maxGap, Date.now() - last);
    last = Date.now();
  }, 20);
  const started = Date.now();
  try {
    const result = (await vscode.commands.executeCommand('lockflow.reviewFile', doc.uri)) as { functions: unknown[] } | undefined;
    assert.equal(result?.functions.length, 4000);
  } finally {
    clearInterval(ticker);
  }
  const took = Date.now() - started;
  assert.ok(maxGap < Math.max(600, took / 4), `the host's event loop stalled ${maxGap} ms during an analysis of ${took} ms`);
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('a diagram panel opens while the analysis it waits on still runs, then shows its diagram', async () => {
  // No lock order panel yet: an open one is reused, not opened early.
  await vscode.window.tabGroups.close(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Lock order')));
  // About 18,000 lines: a second or more of analysis, far longer than the moment the command waits before opening the panel.
  const fns = Array.from({ length: 2000 }, (_, i) => `int g${i}(struct s *p)\n{\n\tmutex_lock(&p->lock);\n\tspin_lock(&p->sl);\n\tp->n++;\n\tspin_unlock(&p->sl);\n\tmutex_unlock(&p->lock);\n\treturn 0;\n}`);
  const doc = await vscode.workspace.openTextDocument({ language: 'c', content: ['struct s { struct mutex lock; spinlock_t sl; int n; };', ...fns].join('\n') });
  let done = false;
  const shown = Promise.resolve(vscode.commands.executeCommand('lockflow.showLockOrder', doc.uri)).finally(() => (done = true));
  await waitFor('the lock order panel, or the end of the command', () => webviewTabs('Lock order').length === 1 || done, 60_000);
  assert.ok(!done, 'the panel opened only once the analysis was over');
  const diagram = (await shown) as Diagram;
  assert.equal(diagram.kind, 'lockorder');
  assert.match(diagram.mermaid, /\["s\.lock"\][\s\S]*\["s\.sl"\]/);
  await waitFor('the same panel, titled by its diagram', () => webviewTabs(diagram.title).length === 1 && webviewTabs('Lock order').length === 0);
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

// Last: it leaves a second reviewed patch, and Copy Review Reply would then ask which one.
test('Review Patch or Mail with the base one folder down: hunk 1 rejected and said, hunks 2 and 3 applied and reviewed', async () => {
  const kernel = workspaceFile('kernel').fsPath;
  const session = (await vscode.commands.executeCommand('lockflow.reviewPatch', workspaceFile('gadget-shrink.patch'), { folder: kernel })) as
    | { review: { files: Array<{ path: string; apply?: { hunks: Array<{ status: string }> } }>; after: { result: { limits: string[]; findings: Array<{ function: string }> } } } }
    | undefined;
  assert.ok(session, 'the patch was reviewed');
  assert.deepEqual(session.review.files[0].apply?.hunks.map((h) => h.status), ['rejected', 'applied', 'applied']);
  assert.ok(session.review.after.result.limits.some((l) => /hunk 1 .* was rejected: at line 20/.test(l)));
  assert.ok(session.review.after.result.findings.some((f) => f.function === 'gadget_set_limit'));
  // A base outside the workspace, given with the command, is not taken: it would be asked for.
  const outside = await Promise.race([
    vscode.commands.executeCommand('lockflow.reviewPatch', workspaceFile('gadget-shrink.patch'), { folder: '/etc' }),
    new Promise((resolve) => setTimeout(() => resolve('asked'), 5000)),
  ]);
  assert.equal(outside, 'asked', 'the base question is shown instead');
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
});
