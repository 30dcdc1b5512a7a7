import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { readPatchInput } from '../src/core/patch';
import { threadsToMail } from '../src/core/render/threadReply';
import { repoRoot } from './helpers';

const seed = readFileSync(join(repoRoot(), '..', 'shared', 'seeds', '000_10ed98600faab7e8.txt'), 'utf8');

test("a reply in a thread of the seed's remark goes to the reviewer, copies the author, quotes the hunk trimmed", async () => {
  const set = await readPatchInput(seed, 'seed');
  const remarks = set.comments.filter((c) => c.depth === 0 && c.anchor?.side === 'new');
  assert.ok(remarks.length > 0, 'the seed has remarks on the diff');
  const r = remarks[0];
  const mail = threadsToMail(set, [{ patch: r.patch, file: r.anchor!.file, line: r.anchor!.line, remark: { author: r.author, date: r.date, text: r.text }, notes: ['Will fix in v4.'] }], {
    from: { name: 'Bo Reviewer', email: 'bo@example.org' },
  });
  const parsed = await PostalMime.parse(mail);
  assert.deepEqual(parsed.from, { name: 'Bo Reviewer', address: 'bo@example.org' });
  assert.deepEqual(parsed.to?.map((a) => a.address), ['baolu.lu@linux.intel.com'], 'to the reviewer of the pipermail page');
  assert.deepEqual(parsed.cc?.map((a) => a.address), ['sai.praneeth.prakhya@intel.com'], 'the patch author copied');
  assert.match(parsed.subject ?? '', /^Re: \[PATCH V3 1\/3\] iommu: Add support to change default domain/);
  const text = parsed.text ?? '';
  assert.match(text, /^On .*, Lu Baolu wrote:$/m);
  assert.ok(text.includes(r.text.split('\n').map((l) => `> ${l}`.trimEnd()).join('\n')), 'the remark quoted one level');
  assert.ok(text.indexOf('Will fix in v4.') > text.indexOf(`> ${r.text.split('\n')[0]}`), 'the reply under the remark');
  const quoted = text.split('\n').filter((l) => l.startsWith('> > ') && !l.startsWith('> > diff'));
  assert.ok(quoted.length >= 1 && quoted.length <= 4, `the hunk is trimmed to the remark's line and three above (${quoted.length} lines)`);
});
