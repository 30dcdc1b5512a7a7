import { test } from 'node:test';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { baseLineOf, readPatchInput } from '../src/core/patch';
import { threadsHaveNotes, threadsToMail, type ReplyThread } from '../src/core/render/threadReply';

/** A review of a patch: two remarks under quoted hunk lines, as a list reply carries them. */
const REVIEW = `From: Pat Reviewer <pat@example.org>
To: Dev Writer <dev@example.org>
Cc: list@example.org
Subject: Re: [PATCH] pool: add pool_count()
Date: Mon, 23 Nov 2026 10:00:00 +0000
Message-ID: <reply-1@example.org>
In-Reply-To: <patch-1@example.org>

On Mon, 23 Nov 2026, Dev Writer wrote:
> Callers want to know how many buffers a pool holds.
>
> Signed-off-by: Dev Writer <dev@example.org>
> ---
> diff --git a/pool.c b/pool.c
> --- a/pool.c
> +++ b/pool.c
> @@ -60,9 +60,21 @@
>  int pool_init(struct buf_pool *pool)
>  {
>  	mutex_init(&pool->lock);
>  	return 0;
>  }
>  
> +int pool_count(struct buf_pool *pool)
> +{
> +	int n;
> +
> +	mutex_lock(&pool->lock);
> +	if (list_empty(&pool->bufs))
> +		return 0;

This returns with pool->lock still held.

> +	n = pool->count;
> +	mutex_unlock(&pool->lock);
> +	return n;
> +}
> +
>  int pool_reset(struct buf_pool *pool, struct device *dev)
>  {
>  	int freed;

Thanks,
Pat
`;

/** The same patch as its author sent it: no review, no remarks. */
const PATCH = `From: Dev Writer <dev@example.org>
To: list@example.org
Subject: [PATCH] pool: add pool_count()
Date: Mon, 23 Nov 2026 09:00:00 +0000
Message-ID: <patch-1@example.org>

${REVIEW.split('\n')
  .filter((l) => l.startsWith('>'))
  .map((l) => l.replace(/^> ?/, ''))
  .join('\n')}
`;

const ME = { from: { name: 'Bo Reviewer', email: 'bo@example.org' } };

async function threadsOfReview(): Promise<{ set: Awaited<ReturnType<typeof readPatchInput>>; remarkThread: ReplyThread }> {
  const set = await readPatchInput(REVIEW, 'review.eml');
  const c = set.comments.find((x) => x.depth === 0 && x.anchor);
  assert.ok(c?.anchor, 'the remark is anchored');
  return { set, remarkThread: { patch: c.patch, file: c.anchor.file, line: c.anchor.line, remark: { author: c.author, date: c.date, text: c.text }, notes: [] } };
}

test('a reply in a remark thread quotes the hunk trimmed around the remark, the remark, and the reply below it', async () => {
  const { set, remarkThread } = await threadsOfReview();
  assert.equal(remarkThread.line, 72, 'the remark follows new-file line 72 (return 0;)');
  const mail = threadsToMail(set, [{ ...remarkThread, notes: ['Agreed: the early return leaks the lock.\n\n\tmutex_unlock(&pool->lock);'] }], ME);
  const body = mail.slice(mail.indexOf('\n\n') + 2).split('\n');
  assert.deepEqual(body, [
    'On Mon, 23 Nov 2026 10:00:00 +0000, Pat Reviewer wrote:',
    '> On Mon, 23 Nov 2026, Dev Writer wrote:',
    '> [...]',
    '> > diff --git a/pool.c b/pool.c',
    // Trimmed: the three lines above the remark's line and the line itself, nothing of pool_init().
    '> > +',
    '> > +\tmutex_lock(&pool->lock);',
    '> > +\tif (list_empty(&pool->bufs))',
    '> > +\t\treturn 0;',
    '',
    '> This returns with pool->lock still held.',
    '',
    'Agreed: the early return leaks the lock.',
    '',
    '\tmutex_unlock(&pool->lock);',
    '',
  ]);
  assert.ok(mail.endsWith('\tmutex_unlock(&pool->lock);\n'), 'no trailing blank lines');
  assert.doesNotMatch(mail, /pool_init|pool_reset/, 'hunk lines far from the remark are not quoted');
});

test('the window is the three lines above the line: a line four above is left out', async () => {
  const { set, remarkThread } = await threadsOfReview();
  const mail = threadsToMail(set, [{ ...remarkThread, notes: ['Yes.'] }], ME);
  assert.match(mail, /^> > \+$/m, 'the blank added line (69) is quoted');
  assert.doesNotMatch(mail, /^> > \+\tint n;$/m, 'line 68, four above, is not');
});

test('a thread the reviewer started on a line with no remark quotes that line\'s hunk context, unquoted text below', async () => {
  const set = await readPatchInput(PATCH, 'pool.patch');
  assert.equal(set.reviewMail, undefined);
  const started: ReplyThread = { patch: 0, file: 'pool.c', line: 74, notes: ['Why not READ_ONCE(pool->count) without the lock?'] };
  const mail = threadsToMail(set, [started], ME);
  const body = mail.slice(mail.indexOf('\n\n') + 2);
  // A reply to the patch itself: the patch one quote level deep, under its author's attribution.
  assert.equal(
    body,
    'On Mon, 23 Nov 2026 09:00:00 +0000, Dev Writer wrote:\n[...]\n> diff --git a/pool.c b/pool.c\n> +\tif (list_empty(&pool->bufs))\n> +\t\treturn 0;\n> +\tn = pool->count;\n> +\tmutex_unlock(&pool->lock);\n\nWhy not READ_ONCE(pool->count) without the lock?\n',
  );
  const parsed = await PostalMime.parse(mail);
  assert.equal(parsed.inReplyTo, '<patch-1@example.org>');
  assert.deepEqual(parsed.to?.map((a) => a.address), ['dev@example.org']);
});

test('in a review, a thread started on a line with no remark still answers the review: the patch two levels deep', async () => {
  const { set } = await threadsOfReview();
  const mail = threadsToMail(set, [{ patch: 0, file: 'pool.c', line: 74, notes: ['READ_ONCE() would do.'] }], ME);
  assert.match(mail, /^On Mon, 23 Nov 2026 10:00:00 \+0000, Pat Reviewer wrote:\n> On Mon, 23 Nov 2026, Dev Writer wrote:\n> \[\.\.\.\]\n> > diff --git a\/pool\.c b\/pool\.c\n> > \+\tif/m);
  assert.match(mail, /^> > \+\tmutex_unlock\(&pool->lock\);\n\nREAD_ONCE\(\) would do\.\n$/m);
  assert.match(mail, /^In-Reply-To: <reply-1@example\.org>$/m);
});

test('threads are ordered by line, replies stay under their own remark, and silent threads are left out', async () => {
  const { set, remarkThread } = await threadsOfReview();
  const later: ReplyThread = { patch: 0, file: 'pool.c', line: 75, notes: ['Second point.'] };
  const silent: ReplyThread = { patch: 0, file: 'pool.c', line: 62, notes: [] };
  const mail = threadsToMail(set, [later, silent, { ...remarkThread, notes: ['First point.', 'And a follow-up.'] }], ME);
  const first = mail.indexOf('> This returns with pool->lock still held.');
  assert.ok(first > 0 && first < mail.indexOf('First point.') && mail.indexOf('First point.') < mail.indexOf('And a follow-up.'));
  assert.ok(mail.indexOf('And a follow-up.') < mail.indexOf('> > +\tmutex_unlock(&pool->lock);'), 'the second thread quotes its own hunk after the first reply');
  assert.ok(mail.indexOf('> > +\tmutex_unlock(&pool->lock);') < mail.indexOf('Second point.'));
  assert.doesNotMatch(mail, /mutex_init/, 'the thread with nothing said is not quoted');
  assert.equal(threadsHaveNotes([silent, remarkThread]), false);
  assert.equal(threadsHaveNotes([silent, later]), true);
});

test('answering a remark is a reply to its review: To the reviewer, Cc the author and the review\'s recipients, threaded under it', async () => {
  const { set, remarkThread } = await threadsOfReview();
  const mail = threadsToMail(set, [{ ...remarkThread, notes: ['Agreed.'] }], ME);
  const parsed = await PostalMime.parse(mail);
  assert.deepEqual(parsed.from, { name: 'Bo Reviewer', address: 'bo@example.org' });
  assert.deepEqual(parsed.to?.map((a) => a.address), ['pat@example.org']);
  assert.deepEqual(parsed.cc?.map((a) => a.address), ['dev@example.org', 'list@example.org']);
  assert.equal(parsed.subject, 'Re: [PATCH] pool: add pool_count()');
  assert.equal(parsed.inReplyTo, '<reply-1@example.org>');
  assert.equal(parsed.references, '<reply-1@example.org>');
  assert.match(parsed.text ?? '', /^Agreed\.$/m);
});

test('a remark on an added line sits in the base beside the line above it, after the hunks before it shift', async () => {
  const set = await readPatchInput(REVIEW, 'review.eml');
  const file = set.patches[0].files[0];
  assert.equal(baseLineOf(file, 61), 61, 'a context line is itself');
  assert.equal(baseLineOf(file, 72), 65, 'an added line: the base line above it (the blank after pool_init)');
  assert.equal(baseLineOf(file, 78), 66, 'the context after the additions');
  assert.equal(baseLineOf(file, 90), 90 - 12, 'past the hunk: shifted by what it added');
  assert.equal(baseLineOf(file, 72, [3]), 68, 'a hunk applied 3 lines lower moves the base line with it');
});
