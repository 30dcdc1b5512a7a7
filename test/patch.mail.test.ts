/**
 * Real patch mails against real trees: a hunk that ends inside a function does not swallow the
 * next ones without a base, a hunk that does not apply is reported while the others are applied
 * and reviewed, and `simulate --base` means what it means for `review` (test/fixtures/patchmail).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closingLines, openConstructs } from '../src/core/patch/openConstructs';
import { readPatchInput } from '../src/core/patch';
import { patchedFiles } from '../src/core/review/patchReview';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, readFixture, runCli } from './helpers';
import { tempDir } from './tempDir';

const PATCH = fixturePath('patchmail', 'shrink.patch');
const ADDED = ['gadget_drain', 'gadget_set_limit', 'gadget_shrink'];

interface ReviewJson {
  functions: Array<{ name: string }>;
  findings: Array<{ rule: string; function: string; line: number; patchStatus?: string }>;
  limits: string[];
  patch: { files: Array<{ base: boolean; hunks: Array<{ status: string; reason?: string }> | null; partialFunctions: string[]; missing: string | null }> };
}

/** The tree after it moved on: the boot option and its parser were renamed, so hunk 1's context is gone. */
function movedTree(): string {
  const root = tempDir('moved');
  mkdirSync(join(root, 'drivers', 'misc'), { recursive: true });
  const text = readFixture('patchmail', 'base', 'drivers', 'misc', 'gadget.c').replace(/gadget_boot_limit/g, 'gadget_limit_param').replace(/gadget_setup/g, 'gadget_limit_setup');
  writeFileSync(join(root, 'drivers', 'misc', 'gadget.c'), text);
  return root;
}
const MOVED = movedTree();

const reviewJson = async (...args: string[]): Promise<ReviewJson> => JSON.parse((await runCli(['review', PATCH, '--format', 'json', '--fail-on', 'none', ...args])).stdout);

test('open constructs: brackets outside comments, strings and directives; #if groups; an open comment', () => {
  assert.deepEqual(openConstructs(['static int __init gadget_setup(char *str)', '{']), { inComment: false, brackets: ['}'], conditionals: 0 });
  assert.deepEqual(openConstructs(['{', '\tif (x) {', '\t\tpr_info("{ (");', "\t\tc = '{';", '\t} // }']).brackets, ['}']);
  assert.deepEqual(openConstructs(['#define LOCKED(x) {\\', '\tx; \\', '}', 'foo(a,']).brackets, [')']);
  const open = openConstructs(['#ifdef CONFIG_GADGET', '{', '/* the queue', ' * is']);
  assert.deepEqual(open, { inComment: true, brackets: ['}'], conditionals: 1 });
  assert.deepEqual(closingLines(open, 5), ['*/ }', '#endif']);
  assert.deepEqual(closingLines(open, 1), ['*/ }'], 'only as many lines as the gap has');
  assert.deepEqual(openConstructs(['\treturn 0;', '}', '', 'static int foo(void)', '{', '\treturn 1;', '}']).brackets, [], 'a closer with nothing open is code before the hunk');
});

test('base-less: a hunk ending on a function header and its { does not swallow the three functions the next hunks add', async () => {
  const out = await reviewJson();
  assert.deepEqual(out.functions.map((f) => f.name).sort(), ADDED);
  assert.deepEqual(out.patch.files[0].partialFunctions.sort(), ['gadget_init', 'gadget_reset', 'gadget_setup'], 'what the hunks show only in part, said in the limits');
  assert.ok(out.limits.some((l) => /3 function\(s\) only partly in the patch were not reviewed \(.*gadget_setup/.test(l)));
  assert.deepEqual(out.findings.map((f) => `${f.rule} ${f.function}`), ['lock/held-at-return gadget_set_limit']);
});

test('base-less, in any order of hunks: the same functions when the hunks come last to first', async () => {
  const text = readFixture('patchmail', 'shrink.patch');
  const at = (h: string) => text.indexOf(h);
  const [h1, h2, h3, end] = [at('@@ -19,5'), at('@@ -35,6'), at('@@ -42,6'), at('-- \n2.47.0')];
  const reordered = text.slice(0, h1) + text.slice(h3, end) + text.slice(h2, h3) + text.slice(h1, h2) + text.slice(end);
  const { parsed } = await patchedFiles(await readPatchInput(reordered, 'reordered.patch'));
  assert.deepEqual(parsed[0].functions.filter((fn) => !fn.partial).map((fn) => fn.name).sort(), ADDED);
});

test('partial apply: against a tree where hunk 1 does not apply, hunks 2 and 3 are applied and reviewed, hunk 1 reported with why', async () => {
  const out = await reviewJson('--base', MOVED);
  const file = out.patch.files[0];
  assert.equal(file.base, true, 'reviewed against the base, not the hunks alone');
  assert.equal(file.missing, null);
  assert.deepEqual(file.hunks!.map((h) => h.status), ['rejected', 'applied', 'applied']);
  assert.match(file.hunks![0].reason!, /at line 20 the base differs from the hunk's 'static int gadget_boot_limit;'/);
  for (const name of [...ADDED, 'gadget_limit_setup', 'gadget_reset', 'gadget_init']) assert.ok(out.functions.some((f) => f.name === name), name);
  assert.deepEqual(out.findings.map((f) => `${f.function} ${f.patchStatus}`), ['gadget_set_limit introduced']);
  assert.ok(out.limits.some((l) => /hunk 1 \(@@ -19,5 \+19,8 @@.*\) was rejected: at line 20/.test(l)));

  const text = (await runCli(['review', PATCH, '--base', MOVED, '--fail-on', 'none'])).stdout;
  assert.match(text, /hunk 1 rejected, hunk 2 applied, hunk 3 applied/);
  assert.match(text, /^limit: .*hunk 1 .* was rejected/m);
  const sarif = JSON.parse((await runCli(['review', PATCH, '--base', MOVED, '--format', 'sarif', '--fail-on', 'none'])).stdout);
  const notes: Array<{ message: { text: string } }> = sarif.runs[0].invocations[0].toolExecutionNotifications;
  assert.ok(notes.some((n) => /hunk 1 .* was rejected/.test(n.message.text)), 'a SARIF notification says so');
});

test('the unchanged tree: every hunk applies and nothing is said about rejection', async () => {
  const out = await reviewJson('--base', fixturePath('patchmail', 'base'));
  assert.deepEqual(out.patch.files[0].hunks!.map((h) => h.status), ['applied', 'applied', 'applied']);
  assert.ok(!out.limits.some((l) => /rejected/.test(l)));
});

test('simulate --base runs against the patched base, as review does', async () => {
  const patch = fixturePath('..', '..', 'samples', 'store-type', '0001-iommu-allow-changing-the-default-domain.patch');
  const base = fixturePath('..', '..', 'samples', 'store-type', 'base');
  const names = async (...args: string[]) => (await runCli(['simulate', patch, '--function', 'no_such_function', ...args])).stderr;
  assert.match(await names('--base', base), /iommu_group_device_count/, 'a function of the base the hunks do not show');
  assert.doesNotMatch(await names(), /iommu_group_device_count/);
  const run = JSON.parse((await runCli(['simulate', patch, '--base', base, '--format', 'json'])).stdout);
  assert.equal(run.function, 'iommu_group_store_type');
  assert.ok(run.runs.length > 100);
  assert.match((await runCli(['simulate', patch, '--base', fixturePath('patchmail', 'nowhere')])).stderr, /--base .*nowhere: no such file or directory/);
});

/** A throwaway repository: the fixture base committed, then the tree moved on (hunk 1's context renamed) and committed. */
function movedRepository(): string {
  const root = tempDir('git');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.org', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.org' } });
  git('init', '-q');
  mkdirSync(join(root, 'drivers', 'misc'), { recursive: true });
  writeFileSync(join(root, 'drivers', 'misc', 'gadget.c'), readFixture('patchmail', 'base', 'drivers', 'misc', 'gadget.c'));
  git('add', '.');
  git('commit', '-q', '-m', 'gadget: queue');
  git('tag', 'gadget-v1');
  const moved = readFileSync(join(MOVED, 'drivers', 'misc', 'gadget.c'), 'utf8');
  writeFileSync(join(root, 'drivers', 'misc', 'gadget.c'), moved);
  git('commit', '-q', '-a', '-m', 'gadget: rename the boot option');
  return root;
}

test('exact bases from git: the blob the index line names is reviewed, though the work tree has moved on; --base REV reads a commit', async () => {
  const repo = movedRepository();
  const out = await reviewJson('--base', repo);
  const file = out.patch.files[0] as ReviewJson['patch']['files'][number] & { source: string | null };
  assert.deepEqual(file.hunks!.map((h) => h.status), ['applied', 'applied', 'applied'], 'against the blob of the index line, every hunk applies');
  assert.equal(file.source, 'blob de206aa of drivers/misc/gadget.c, from the repository');
  assert.ok(out.functions.some((f) => f.name === 'gadget_setup'), 'the old name: the blob, not the work tree');
  const text = (await runCli(['review', PATCH, '--base', repo, '--fail-on', 'none'])).stdout;
  assert.match(text, /^drivers\/misc\/gadget\.c: base: blob de206aa of drivers\/misc\/gadget\.c, from the repository$/m);

  // A patch whose blob the repository does not have: the work tree, and the mismatch said.
  const unknown = readFixture('patchmail', 'shrink.patch').replace('index de206aa..3005745', 'index 1234567..3005745');
  const unknownPatch = join(repo, 'unknown.patch');
  writeFileSync(unknownPatch, unknown);
  const fallback = (await runCli(['review', unknownPatch, '--base', repo, '--fail-on', 'none'])).stdout;
  assert.match(fallback, /hunk 1 rejected, hunk 2 applied, hunk 3 applied/);
  assert.match(fallback, /the base is blob [0-9a-f]{12}, the patch was made against 1234567/);

  const cwd = process.cwd();
  process.chdir(repo);
  try {
    const atTag = JSON.parse((await runCli(['review', PATCH, '--base', 'gadget-v1', '--format', 'json', '--fail-on', 'none'])).stdout);
    assert.deepEqual(atTag.patch.files[0].hunks.map((h: { status: string }) => h.status), ['applied', 'applied', 'applied']);
    assert.match(atTag.patch.files[0].source, /^drivers\/misc\/gadget\.c at gadget-v1 \(commit [0-9a-f]{12}\), from the repository$/);
    const atHead = JSON.parse((await runCli(['review', PATCH, '--base', 'HEAD', '--format', 'json', '--fail-on', 'none'])).stdout);
    assert.equal(atHead.patch.files[0].hunks[0].status, 'rejected');
    const bad = await runCli(['review', PATCH, '--base=--upload-pack=touch /tmp/x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /nor a revision of a git repository here/);
    assert.match((await runCli(['review', PATCH, '--base', 'no-such-branch'])).stderr, /--base no-such-branch: no such file or directory, nor a revision/);
  } finally {
    process.chdir(cwd);
  }
});

test('a series, as one mbox in any order or as a directory of format-patch files: applied part by part, each finding naming its part', async () => {
  const base = fixturePath('patchmail', 'base');
  for (const input of [fixturePath('patchmail', 'series.mbox'), fixturePath('patchmail', 'series')]) {
    const r = await runCli(['review', input, '--base', base, '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^series: \[PATCH v1 0\/3\] gadget: shrink the queue to a new limit$/m, 'the cover letter names the series');
    assert.match(r.stdout, /\[1\/3\] drivers\/misc\/gadget\.c: hunk 1 applied\n\[2\/3\] drivers\/misc\/gadget\.c: hunk 1 applied\n\[3\/3\] drivers\/misc\/gadget\.c: hunk 1 applied/, 'in series order, each on the one before');
    assert.match(r.stdout, /^== Introduced by this series: 4$/m);
    const json = JSON.parse((await runCli(['review', input, '--base', base, '--format', 'json', '--fail-on', 'none'])).stdout);
    const by = json.findings.map((f: { rule: string; function: string; introducedIn: { part: number } }) => `${f.introducedIn.part} ${f.rule} ${f.function}`).sort();
    assert.deepEqual(by, ['2 lock/held-at-return gadget_set_limit', '3 lock/double-acquire gadget_shrink', '3 lock/order-inversion gadget_set_limit', '3 lock/sleep-in-atomic gadget_shrink'], 'the inversion needs part 3, though it is reported in part 2\'s function');
  }
  const md = (await runCli(['review', fixturePath('patchmail', 'series'), '--base', base, '--format', 'markdown', '--fail-on', 'none'])).stdout;
  assert.match(md, /^# Lockflow review: gadget: shrink the queue to a new limit$/m);
  assert.match(md, /\(introduced by \[PATCH 2\/3\] gadget: add gadget\\?_set\\?_limit\(\)\)/);
});

test('a rejected hunk in an early part of a series is said with its part, not only the last part\'s', async () => {
  // A tree where gadget_depth() and gadget_reset() were rewritten: parts 1 and 2 lose their context, part 3 still applies.
  const root = tempDir('series');
  mkdirSync(join(root, 'drivers', 'misc'), { recursive: true });
  const text = readFixture('patchmail', 'base', 'drivers', 'misc', 'gadget.c').replace('\treturn depth;\n}', '\treturn READ_ONCE(depth);\n}').replace('static void gadget_reset(', 'static void gadget_clear(');
  writeFileSync(join(root, 'drivers', 'misc', 'gadget.c'), text);
  const out = JSON.parse((await runCli(['review', fixturePath('patchmail', 'series'), '--base', root, '--format', 'json', '--fail-on', 'none'])).stdout);
  const rejected = out.limits.filter((l: string) => /was rejected/.test(l)).map((l: string) => l.split(' drivers/')[0]);
  assert.deepEqual(rejected, ['[PATCH 1/3]', '[PATCH 2/3]']);
  assert.ok(out.functions.some((f: { name: string }) => f.name === 'gadget_shrink'), 'part 3 applied and was reviewed');
});

test('a reply quoting a few lines of C and no diff header is reviewed as a fragment, the remark on its line', async () => {
  const reply = fixturePath('patchmail', 'fragment-reply.eml');
  const r = await runCli(['review', reply, '--format', 'json', '--fail-on', 'none']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.findings.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`), ['lock/held-at-return fragment.c:5']);
  assert.deepEqual(out.patch.comments, [{ author: 'Bo Reviewer', text: "This returns with cfg_lock held, doesn't it?", anchor: { file: 'fragment.c', line: 5 } }]);
  assert.ok(out.limits.some((l: string) => /^only a fragment was seen/.test(l)));
  assert.match(out.patch.notices[0].message, /the 9 quoted lines \(input lines 10-21\) are reviewed as a fragment/);
  assert.equal(out.patch.patches[0].subject, 'gadget: add gadget_set_limit()');

  // A plain quote of code (no diff marks) is a fragment too; a reply quoting only prose is no patch.
  const plain = readFixture('patchmail', 'fragment-reply.eml').replace(/^> \+/gm, '> ');
  const prose = readFixture('patchmail', 'fragment-reply.eml').replace(/^> \+.*$/gm, '> I think the limit should be lowered first.');
  const dir = tempDir('fragment');
  writeFileSync(join(dir, 'plain.eml'), plain);
  writeFileSync(join(dir, 'prose.eml'), prose);
  const plainOut = JSON.parse((await runCli(['review', join(dir, 'plain.eml'), '--format', 'json', '--fail-on', 'none'])).stdout);
  assert.deepEqual(plainOut.findings.map((f: { rule: string }) => f.rule), ['lock/held-at-return']);
  const none = await runCli(['review', join(dir, 'prose.eml')]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no patch found/);
});
