import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPatchLike, readPatchInput } from '../src/core/patch';
import { InputError } from '../src/core/input/validate';
import { fixturePath, readFixture, runCli } from './helpers';
import { tempDir } from './tempDir';

const quoted = (body: string[]) => ['From: Bo Reviewer <bo@example.com>', 'Subject: Re: [PATCH] widget: demo', '', 'On Mon, 2 Mar 2026, Ada Example wrote:', ...body].join('\n') + '\n';
const header = ['> diff --git a/w.c b/w.c', '> --- a/w.c', '> +++ b/w.c'];

test('isPatchLike tells patches and mails from C files', () => {
  assert.ok(isPatchLike(readFixture('patch', 'offset.diff')));
  assert.ok(isPatchLike(readFixture('patch', 'nested-reply.eml')));
  assert.ok(isPatchLike(readFixture('patch', 'base64.eml')), 'a base64 body shows only its [PATCH] subject');
  assert.ok(isPatchLike(readFixture('patch', 'pipermail.html')));
  assert.ok(!isPatchLike(readFixture('patch', 'base', 'drivers', 'widget', 'widget_core.c')));
  assert.ok(!isPatchLike('just some prose\n--- not a header\n'));
});

test('empty, binary and patch-less input give a clear InputError', async () => {
  await assert.rejects(readPatchInput('  \n', 'empty.patch'), (e: Error) => e instanceof InputError && /empty\.patch is empty/.test(e.message));
  await assert.rejects(readPatchInput('ab\u0000cd', 'blob.patch'), (e: Error) => e instanceof InputError && /looks binary/.test(e.message));
  await assert.rejects(readPatchInput(readFixture('patch', 'base', 'drivers', 'widget', 'widget_core.c'), 'w.c'), (e: Error) => e instanceof InputError && /no patch found/.test(e.message));
});

test('a "> " inside code is not split when the counts already hold', async () => {
  const set = await readPatchInput(quoted([...header, '> @@ -1,2 +1,2 @@', '>  int a;', '> -if (a > -1)', '> +if (a > +1)', '', 'Why +1?', '']), 'r.eml');
  const h = set.patches[0].files[0].hunks[0];
  assert.equal(h.status, 'ok');
  assert.deepEqual(h.lines.map((l) => l.text), ['int a;', 'if (a > -1)', 'if (a > +1)']);
  assert.equal(set.comments[0].text, 'Why +1?');
  assert.equal(set.comments[0].author, 'Bo Reviewer');
  assert.deepEqual(set.comments[0].anchor, { file: 'w.c', line: 2, side: 'new' });
});

test('a hunk the reviewer cut short is reported with its reason, and the remark still anchors', async () => {
  const set = await readPatchInput(quoted([...header, '> @@ -10,3 +10,6 @@ void f(void)', '>  \tlock();', '> +\tx++;', '', 'Needs a comment.', '', '[...]', '']), 'cut.eml');
  const h = set.patches[0].files[0].hunks[0];
  assert.equal(h.status, 'broken');
  assert.match(h.problem ?? '', /-3 \+6 lines but only -1 \+2 follow/);
  assert.ok(set.notices.some((n) => n.severity === 'error' && n.hunk?.header === '@@ -10,3 +10,6 @@ void f(void)'));
  assert.deepEqual(set.comments.map((c) => [c.text, c.anchor?.line]), [['Needs a comment.', 11]]);
});

test('comment-only context lines are not mistaken for space-stuffing', async () => {
  const set = await readPatchInput(['--- a/w.c', '+++ b/w.c', '@@ -1,3 +1,4 @@', '  * first', '  * second', '+ * added', '  */', ''].join('\n'), 'c.diff');
  const h = set.patches[0].files[0].hunks[0];
  assert.deepEqual(h.lines.map((l) => l.text), [' * first', ' * second', ' * added', ' */']);
  assert.equal(set.notices.length, 0);
});

test('lockflow patch: bad input exits 2 with one line, no stack', async () => {
  const dir = tempDir('patch');
  writeFileSync(join(dir, 'empty.patch'), '');
  writeFileSync(join(dir, 'blob.patch'), Buffer.from([0x1f, 0x8b, 0, 0, 1, 2]));
  const cases: Array<[string[], RegExp]> = [
    [['patch', join(dir, 'empty.patch')], /is empty/],
    [['patch', join(dir, 'blob.patch')], /looks binary/],
    [['patch', fixturePath('patch', 'base', 'drivers', 'widget', 'widget_core.c')], /no patch found/],
    [['patch', join(dir, 'missing.patch')], /no such file/],
    [['patch'], /give exactly one INPUT/],
    [['patch', fixturePath('patch', 'offset.diff'), '--format', 'xml'], /--format must be one of text, json/],
    [['patch', fixturePath('patch', 'offset.diff'), '--base', join(dir, 'nowhere')], /--base .*no such file/],
    [['patch', fixturePath('patch', 'offset.diff'), fixturePath('patch', 'fuzz.patch')], /give exactly one INPUT/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('long damaged lines and long prose do not make the reader crawl', async () => {
  const long = 'x '.repeat(200_000);
  const started = Date.now();
  const set = await readPatchInput(quoted([...header, '> @@ -1,2 +1,3 @@', `> +${long}`, `${long} wrote:`, '', '']), 'long.eml');
  assert.equal(set.patches[0].files[0].hunks[0].status, 'broken');
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
});
