import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs, { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInside, readUserFile } from '../src/core/input/userFile';
import { postImageWithoutBase, readPatchInput } from '../src/core/patch';
import { LEAKS, measured, newFilePatch } from './hostileFixtures';
import { runCli } from './helpers';
import { tempDir } from './tempDir';

const SECRET = 'int secret_token = 0x5ec2e7;';

/** A tree: base/ with one driver, a secret file beside it (outside base), and a symlink out of base. */
function tree() {
  const root = tempDir('files');
  const base = join(root, 'base');
  mkdirSync(join(base, 'drivers'), { recursive: true });
  writeFileSync(join(base, 'drivers', 'w.c'), LEAKS);
  writeFileSync(join(root, 'secret.c'), `${SECRET}\n${SECRET}\n${SECRET}\n`);
  symlinkSync(join(root, 'secret.c'), join(base, 'drivers', 'link.c'));
  return { root, base };
}

/** A patch against `path` whose context does not match the secret file, so a rejection would quote it. */
function patchOf(path: string): string {
  return [`--- a/${path}`, `+++ b/${path}`, '@@ -1,2 +1,3 @@', ' int other;', '+int added;', ' int more;', ''].join('\n');
}

function oneLine(stderr: string): void {
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
}

test('a diff path that climbs out of --base is refused, and nothing of the outside file is shown', async () => {
  const { root, base } = tree();
  for (const path of ['../secret.c', 'drivers/../../secret.c', 'drivers/link.c', `${root}/secret.c`]) {
    const p = join(root, 'evil.patch');
    writeFileSync(p, patchOf(path));
    for (const format of ['text', 'json']) {
      const r = await runCli(['review', p, '--base', base, '--format', format]);
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, /secret_token|5ec2e7/, `${path} ${format}`);
      assert.match(r.stdout, /outside|refused|no such file/, `${path} ${format}`);
    }
    const shown = await runCli(['patch', p, '--base', base]);
    assert.doesNotMatch(shown.stdout + shown.stderr, /secret_token/);
  }
});

test('a diff path read under a root returns its refusal, names the root, and marks an absent file', () => {
  const { root, base } = tree();
  assert.deepEqual(readInside(base, 'drivers/w.c', '--base'), { path: join(base, 'drivers', 'w.c'), text: LEAKS });
  for (const path of ['../secret.c', 'drivers/../../secret.c', `${root}/secret.c`]) assert.deepEqual(readInside(base, path, '--base'), { missing: `${path} is outside --base; refused` });
  assert.match(JSON.stringify(readInside(base, 'drivers/link.c', 'the folder')), /outside .*refused/);
  assert.doesNotMatch(JSON.stringify(readInside(base, 'drivers/link.c', 'the folder')), /secret_token/);
  assert.deepEqual(readInside(base, 'drivers/none.c', '--base'), { missing: `${join(base, 'drivers', 'none.c')}: no such file or directory`, absent: true });
});

test('the core reader asks the open file its type and size once', (t) => {
  const { base } = tree();
  const fstat = t.mock.method(fs, 'fstatSync');
  assert.equal(readUserFile(join(base, 'drivers', 'w.c'), base), LEAKS);
  assert.equal(fstat.mock.callCount(), 1);
});

test('the core reader refuses outside paths, symlinks out, devices and FIFOs, and reads inside files', () => {
  const { root, base } = tree();
  assert.equal(readUserFile(join(base, 'drivers', 'w.c'), base), LEAKS);
  assert.throws(() => readUserFile(join(base, '..', 'secret.c'), base), /outside .*refused/);
  assert.throws(() => readUserFile(join(base, 'drivers', 'link.c'), base), /outside .*refused/);
  assert.throws(() => readUserFile('/dev/zero'), /not a regular file/);
  const fifo = join(root, 'fifo.c');
  execFileSync('mkfifo', [fifo]);
  assert.throws(() => readUserFile(fifo), /not a regular file/);
});

test('parse /dev/zero and a FIFO: exit 2 with one line, bounded in time and memory', async () => {
  const { root } = tree();
  const fifo = join(root, 'pipe.c');
  execFileSync('mkfifo', [fifo]);
  for (const input of ['/dev/zero', fifo]) {
    const { value: r, ms, rssMb } = await measured(() => runCli(['parse', input]));
    assert.equal(r.code, 2);
    oneLine(r.stderr);
    assert.match(r.stderr, /not a regular file/);
    assert.ok(ms < 10_000 && rssMb < 500, `${ms} ms, ${rssMb} MB`);
  }
  // A diff path leading to a device through --base is refused like any outside path.
  const p = join(root, 'dev.patch');
  writeFileSync(p, patchOf('../../../../../../dev/zero').replace('+++ b/../../../../../../dev/zero', '+++ b/drivers/zero.c'));
  const r = await runCli(['review', p, '--base', join(root, 'base')]);
  assert.ok(r.code < 2, r.stderr);
  assert.match(r.stdout, /outside --base; refused/);
});

test('a hunk starting at line 2,000,000,000 in a 48-byte patch is rejected without allocating', async () => {
  const { root } = tree();
  const p = join(root, 'huge.patch');
  writeFileSync(p, '--- a/x.c\n+++ b/x.c\n@@ -1 +2000000000 @@\n+x;\n');
  assert.ok(readFileSync(p).length <= 48);
  const { value: r, ms, rssMb } = await measured(() => runCli(['review', p]));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /starts at line 2000000000, past the 2000000 lines Lockflow reads/);
  assert.ok(ms < 10_000 && rssMb < 500, `${ms} ms, ${rssMb} MB`);
  const withBase = await runCli(['review', p, '--base', join(root, 'base', 'drivers', 'w.c')]);
  assert.ok(withBase.code < 2, withBase.stderr);
  // The post-image fills lines up to a hunk's start: the parser keeps no line of one past the cap, so none are filled.
  const file = (await readPatchInput(readFileSync(p, 'utf8'), p)).patches[0].files[0];
  assert.deepEqual(file.hunks[0].lines, []);
  assert.deepEqual(postImageWithoutBase(file), { text: '', known: [] });
});

test('several patches on the command line are an error, not C', async () => {
  const { root } = tree();
  const a = join(root, 'a.patch');
  const b = join(root, 'b.patch');
  writeFileSync(a, newFilePatch('drivers/a.c', LEAKS));
  writeFileSync(b, newFilePatch('drivers/b.c', LEAKS));
  const r = await runCli(['review', a, b]);
  assert.equal(r.code, 2);
  oneLine(r.stderr);
  assert.match(r.stderr, /a\.patch is a patch, and patches are reviewed one input at a time/);
});

test('--output: never an input, and a write that fails is exit 2 with one line', async () => {
  const { root, base } = tree();
  const c = join(base, 'drivers', 'w.c');
  const self = await runCli(['review', c, '-o', c]);
  assert.equal(self.code, 2);
  oneLine(self.stderr);
  assert.equal(readFileSync(c, 'utf8'), LEAKS, 'the input is untouched');
  symlinkSync('loop-b', join(root, 'loop-a'));
  symlinkSync('loop-a', join(root, 'loop-b'));
  symlinkSync(join(root, 'nowhere', 'x'), join(root, 'dangling'));
  const cases: Array<[string, RegExp]> = [
    [join(root, 'missing', 'out.txt'), /directory does not exist/],
    [base, /is a directory/],
    [join(root, 'loop-a'), /too many symbolic links/],
    [join(root, 'dangling'), /does not exist .*dangling/],
  ];
  for (const [out, why] of cases) {
    const r = await runCli(['review', c, '--output', out]);
    assert.equal(r.code, 2, `${out}: ${r.stderr}`);
    oneLine(r.stderr);
    assert.match(r.stderr, why);
  }
});

test('a missing patch with --base names the patch; --max-paths takes decimal whole numbers only', async () => {
  const { root, base } = tree();
  const r = await runCli(['review', join(root, 'missing.patch'), '--base', base]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing\.patch: no such file or directory/);
  const c = join(base, 'drivers', 'w.c');
  for (const bad of ['0x10', '1e21', '1.5', '0', '-3', '99999999999']) {
    const m = await runCli(['review', c, `--max-paths=${bad}`]);
    assert.equal(m.code, 2, bad);
    assert.match(m.stderr, /--max-paths must be a whole number from 1 to 10000000/);
  }
  assert.equal((await runCli(['review', c, '--max-paths', '16'])).code, 1);
});

test('an HTML-only mail is read with its entities decoded, and a code point past U+10FFFF does not throw', async () => {
  const { root } = tree();
  const mail = join(root, 'html.eml');
  const body = ['<html><body><pre>diff --git a/drivers/h.c b/drivers/h.c', '--- a/drivers/h.c', '+++ b/drivers/h.c', '@@ -1,3 +1,4 @@', ' static void h(struct group *g)', ' {', '+\tmutex_unlock(&amp;g-&gt;mutex); &#99999999;', ' }', '</pre></body></html>'];
  writeFileSync(mail, ['From: Dev <dev@example.org>', 'Subject: [PATCH] h: unlock', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', ...body, ''].join('\n'));
  assert.equal((await runCli(['patch', mail])).code, 0);
  const set = await readPatchInput(readFileSync(mail, 'utf8'), 'html.eml');
  const added = set.patches[0].files[0].hunks[0].lines.filter((l) => l.kind === '+').map((l) => l.text);
  assert.deepEqual(added, ['\tmutex_unlock(&g->mutex); &#99999999;']);
});
