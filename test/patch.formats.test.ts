import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPatchInput } from '../src/core/patch';
import { readFixture } from './helpers';

const read = (name: string) => readPatchInput(readFixture('patch', name), name);

test('a multipart .eml with a base64 body and an encoded-word sender', async () => {
  const set = await read('base64.eml');
  const p = set.patches[0];
  assert.equal(p.author, 'Renée Exemple');
  assert.equal(p.email, 'renee@example.org');
  assert.equal(p.messageId, '20260304083000.1234-1-renee@example.org');
  assert.equal(p.subject, "widget: add a locked reader for the hub's count");
  assert.match(p.body, /Signed-off-by: Renée Exemple/);
  const h = p.files[0].hunks[0];
  assert.deepEqual([h.oldStart, h.oldLines, h.newStart, h.newLines, h.status], [46, 6, 46, 16, 'ok']);
  assert.ok(h.lines.some((l) => l.kind === '+' && l.text === '\tn = hub->count;'));
  assert.ok(set.notices.some((n) => /MIME body decoded \(multipart\/mixed\)/.test(n.message)));
});

test('a quoted-printable latin-1 mail decodes =3D and soft line breaks', async () => {
  const set = await read('quoted-printable.eml');
  const p = set.patches[0];
  assert.equal(p.version, 2);
  assert.match(p.body, /^The reset path breaks out of the loop .* report the first error instead\.$/m, 'soft breaks joined');
  assert.match(p.body, /Reported-by: Søren Eksempel/);
  const h = p.files[0].hunks[0];
  assert.equal(h.status, 'ok');
  assert.ok(h.lines.some((l) => l.text === '\t\tint err = widget_hw_reset(w);'));
});

test('a series mbox with a cover letter and a v2 reroll keeps v2 of each part and says so', async () => {
  const set = await read('series.mbox');
  assert.deepEqual(set.patches.map((p) => [p.version, p.part, p.of]), [[2, 1, 2], [2, 2, 2]]);
  assert.equal(set.patches[0].subject, 'widget: refuse to remove from an empty hub');
  assert.equal(set.patches[1].inReplyTo, 'cover.2.ada@example.org');
  assert.equal(set.cover?.version, 2);
  assert.match(set.cover?.body ?? '', /Changes since v1/);
  const dropped = set.notices.filter((n) => /dropped v1/.test(n.message));
  assert.equal(dropped.length, 2);
  assert.match(dropped[0].message, /kept v2 of part 1\/2/);
});

test('a reply to a reply: the patch at >>, each remark with its own author and anchor', async () => {
  const set = await read('nested-reply.eml');
  const p = set.patches[0];
  assert.equal(p.quoteDepth, 2);
  assert.deepEqual([p.version, p.part, p.of, p.author], [2, 2, 2, 'Ada Example']);
  assert.equal(p.date, 'Tue, Mar 03, 2026 at 09:00:02AM +0100');
  const h = p.files[0].hunks[0];
  assert.equal(h.status, 'repaired', 'the ">>" blank line lost its context space');
  assert.ok(set.notices.some((n) => /blank context line/.test(n.message) && n.hunk?.index === 0));
  const c = set.comments;
  assert.deepEqual(c.map((x) => [x.author, x.depth]), [['Bo Reviewer', 1], ['Bo Reviewer', 1], ['Cai Maintainer', 0], ['Cai Maintainer', 0]]);
  assert.equal(c[0].commitMessageLine, 2);
  assert.match(c[1].text, /stats_lock now nests\ninside hub->lock/);
  assert.deepEqual(c[1].anchor, { file: 'drivers/widget/widget_core.c', line: 60, side: 'old' });
  assert.match(c[2].text, /^That nesting is new/);
  assert.equal(c[3].text, 'Otherwise fine by me.', 'the sign-off is not a remark');
  assert.equal(c[2].date, 'Thu, 5 Mar 2026 14:20:00 +0000');
});

test('a pipermail page: "at" addresses, navigation and list footer dropped, wrapped line rejoined', async () => {
  const set = await read('pipermail-wrapped.txt');
  const p = set.patches[0];
  assert.equal(p.author, 'Ada Example');
  assert.equal(p.email, 'ada@example.org');
  const h = p.files[0].hunks[0];
  assert.equal(h.status, 'repaired');
  assert.ok(h.lines.some((l) => l.text === '\t\tpr_warn("widget: hub %p still holds %d widgets at teardown, leaking them\\n", hub, hub->count);'));
  const wrap = set.notices.find((n) => /wrapped line/.test(n.message));
  assert.equal(wrap?.line, 33);
  assert.equal(set.comments.length, 1, 'the closing "Bo" and the footer are not remarks');
  assert.equal(set.comments[0].author, 'Bo Reviewer');
  assert.deepEqual(set.comments[0].anchor, { file: 'drivers/widget/widget_core.c', line: 70, side: 'new' });
});

test('a plain unified diff without mail headers takes its subject from the first line', async () => {
  const set = await read('offset.diff');
  const p = set.patches[0];
  assert.equal(p.subject, 'widget: refuse to remove from an empty hub');
  assert.deepEqual([p.author, p.files[0].index], [null, null]);
  assert.deepEqual([p.files[0].oldPath, p.files[0].hunks.length], ['drivers/widget/widget_core.c', 1]);
});

test('git format-patch output: author from the From: header, diffstat and signature left out', async () => {
  const set = await read('fuzz.patch');
  const p = set.patches[0];
  assert.deepEqual([p.author, p.email, p.subject], ['Ada Example', 'ada@example.org', 'widget: count resets under the hub lock']);
  assert.doesNotMatch(p.body, /file changed|2\.43\.0/);
  assert.equal(p.files[0].hunks[0].lines.at(-1)?.text, '}', 'the "-- " signature is not a removed line');
});

test('a pipermail page saved as HTML: tags and entities removed, input lines kept', async () => {
  const text = readFixture('patch', 'pipermail.html');
  const set = await readPatchInput(text, 'pipermail.html');
  const p = set.patches[0];
  assert.equal(p.subject, 'widget: make widget_add fail on a full hub');
  assert.deepEqual([p.author, p.email], ['Ada Example', 'ada@example.org']);
  const h = p.files[0].hunks[0];
  assert.deepEqual([h.oldStart, h.oldLines, h.newStart, h.newLines, h.status], [29, 6, 29, 10, 'ok']);
  assert.ok(h.lines.some((l) => l.text === '\tif (hub->count >= WIDGET_HUB_MAX) {'));
  const plus = h.lines.find((l) => l.text === '\t\treturn -ENOSPC;')!;
  assert.equal(plus.inputLine, text.split('\n').findIndex((l) => l.includes('return -ENOSPC')) + 1);
  assert.equal(set.comments.length, 1);
  assert.deepEqual([set.comments[0].author, set.comments[0].date], ['Bo Reviewer', 'Sat Mar  7 08:00:00 UTC 2026']);
  assert.equal(set.comments[0].text, '-EBUSY would match what the other drivers return here.');
  assert.deepEqual(set.comments[0].anchor, { file: 'drivers/widget/widget_core.c', line: 35, side: 'new' });
});

test('a thread: replies on the commit message and on a trimmed quote attach to the patch as sent', async () => {
  const set = await read('thread.mbox');
  assert.equal(set.patches.length, 1, 'quoted copies do not become patches');
  assert.equal(set.patches[0].files[0].hunks[0].status, 'ok');
  assert.ok(!set.notices.some((n) => n.severity === 'error'), "the trimmed quote's hunks are not reported as broken");
  assert.deepEqual(
    set.comments.map((c) => [c.author, c.commitMessageLine ?? null, c.anchor ? `${c.anchor.side}:${c.anchor.line}` : null]),
    [
      ['Bo Reviewer', 2, null],
      ['Bo Reviewer', 4, null],
      ['Cai Maintainer', null, 'new:56'],
      ['Cai Maintainer', null, 'old:60'],
    ],
  );
  assert.match(set.comments[3].text, /break path returns with\nhub->lock held/);
});
