/**
 * Reviewing a patch: apply it to its base in memory (or rebuild the
 * post-image from the hunks when there is none), review the result, and
 * with a base also review the base, to tell which findings the patch
 * introduced, fixed or found already there, and which lock-order edges it adds or removes.
 */
import { applyPatchSet, baseText, completeWithin, postImageWithoutBase, type ApplyResult, type BaseRead, type FilePatch, type PatchSet } from '../patch';
import { parseFile, type ParsedFile } from '../syntax';
import { reviewParsed, type ReviewOptions, type ReviewOutcome } from './index';
import { changedFunctions, functionKey } from './patchGroups';
import type { Finding, LockOrderEdge } from './types';

export interface PatchedFile {
  path: string;
  /** The patched text (with a base), or the base-less post-image (unknown lines left empty). */
  text: string;
  baseText?: string;
  apply?: ApplyResult;
  /** Why the file could not be reviewed against a base. */
  missing?: string;
  /** Functions only partly inside the hunks (base-less): not reviewed. */
  partial: string[];
}

export interface PatchReviewOutcome {
  set: PatchSet;
  files: PatchedFile[];
  after: ReviewOutcome;
  before?: ReviewOutcome;
  /** Lock-order edges present after the patch and not before, and the reverse. */
  orderAdded: LockOrderEdge[];
  orderRemoved: LockOrderEdge[];
  /** Findings of the base the patch makes disappear. */
  fixed: Finding[];
}

export interface PatchReviewOptions extends ReviewOptions {
  /** Reads a base file by the diff's path; a `{ missing }` message when it cannot. */
  readBase?: (path: string) => BaseRead;
}

/**
 * The files a patch (or series) leaves, parsed: applied to the base where there is one (every
 * hunk that applies, as `patch` does; a rejected hunk is said in `limits`), else rebuilt from
 * the hunks, with the functions the hunks show only in part marked `partial`.
 */
export async function patchedFiles(set: PatchSet, readBase?: (path: string) => BaseRead): Promise<{ files: PatchedFile[]; parsed: ParsedFile[]; limits: string[] }> {
  const lastByPath = new Map<string, FilePatch>();
  for (const p of set.patches) for (const f of p.files) if (!f.isDeleted && !f.binary && /\.[ch]$/.test(f.newPath)) lastByPath.set(f.newPath, f);
  const outcomes = readBase ? applyPatchSet(set, readBase) : undefined;
  const files: PatchedFile[] = [];
  const limits: string[] = [];
  for (const [path, fp] of lastByPath) {
    const outcome = outcomes?.get(fp);
    if (outcome && 'missing' in outcome) {
      files.push({ ...baseless(path, fp), missing: outcome.missing });
    } else if (outcome && outcome.hunks.length && outcome.rejected === outcome.hunks.length) {
      // Nothing applied: the base alone would say nothing about the patch, so its hunks are reviewed alone.
      files.push({ ...baseless(path, fp), apply: outcome, missing: `none of the ${outcome.hunks.length} hunk(s) apply to the base; reviewing the hunks alone` });
    } else if (outcome) {
      files.push({ path, text: outcome.text, baseText: baseText(readBase!(fp.oldPath)), apply: outcome, partial: [] });
      outcome.hunks.forEach((h, k) => {
        if (h.status === 'rejected') limits.push(`${path}: hunk ${k + 1} (${fp.hunks[k].header}) was rejected: ${h.reason}; reviewed with the other hunks applied, as patch --reject leaves it`);
      });
    } else {
      files.push(baseless(path, fp));
    }
  }
  const parsed: ParsedFile[] = [];
  for (const f of files) {
    const file = await parseFile(f.path, f.text);
    if (f.baseText === undefined) {
      const post = postImageWithoutBase(lastByPath.get(f.path)!);
      for (const fn of file.functions) if (!completeWithin(post, fn.line, fn.endLine)) fn.partial = true;
      f.partial = file.functions.filter((fn) => fn.partial).map((fn) => fn.name);
    }
    parsed.push(file);
  }
  return { files, parsed, limits };
}

export async function reviewPatch(set: PatchSet, options: PatchReviewOptions = {}): Promise<PatchReviewOutcome> {
  // Each base file is read once: applying the series and the before-review both need it.
  const bases = new Map<string, BaseRead>();
  const readBase = options.readBase && ((path: string) => bases.get(path) ?? bases.set(path, options.readBase!(path)).get(path)!);
  const { files, parsed: afterParsed, limits } = await patchedFiles(set, readBase);
  // A function the hunks show only in part is not reviewed: what is missing could be anything.
  for (const p of afterParsed) p.functions = p.functions.filter((fn) => !fn.partial);
  const after = reviewParsed(afterParsed, options);
  after.result.limits.push(...limits);
  for (const f of files) if (f.partial.length) after.result.limits.push(`${f.path}: ${f.partial.length} function(s) only partly in the patch were not reviewed (${f.partial.join(', ')}); give --base to review them`);

  const withBase = files.filter((f) => f.baseText !== undefined);
  if (!withBase.length) return { set, files, after, orderAdded: [], orderRemoved: [], fixed: [] };
  const beforeParsed: ParsedFile[] = [];
  for (const f of withBase) beforeParsed.push(await parseFile(f.path, f.baseText!));
  const before = reviewParsed(beforeParsed, options);
  // Fingerprints leave line numbers out: a finding the patch only moved is the same finding.
  const beforeKeys = new Set(before.result.findings.map((f) => f.fingerprint));
  const afterKeys = new Set(after.result.findings.map((f) => f.fingerprint));
  const changed = changedFunctions(afterParsed.filter((p) => withBase.some((f) => f.path === p.path)), beforeParsed);
  for (const f of after.result.findings) {
    const introduced = !beforeKeys.has(f.fingerprint);
    f.patchStatus = introduced ? 'introduced' : 'pre-existing';
    f.introducedByPatch = introduced;
    if (!introduced) f.inChangedFunction = changed.has(functionKey(f.file, f.function));
  }
  const fixed = before.result.findings.filter((f) => !afterKeys.has(f.fingerprint)).map((f) => ({ ...f, patchStatus: 'fixed' as const }));
  const edgeKey = (e: LockOrderEdge) => `${e.from}|${e.to}|${e.function}`;
  const beforeEdges = new Set(before.result.lockOrder.map(edgeKey));
  const afterEdges = new Set(after.result.lockOrder.map(edgeKey));
  return {
    set,
    files,
    after,
    before,
    orderAdded: after.result.lockOrder.filter((e) => !beforeEdges.has(edgeKey(e))),
    orderRemoved: before.result.lockOrder.filter((e) => !afterEdges.has(edgeKey(e))),
    fixed,
  };
}

function baseless(path: string, fp: FilePatch): PatchedFile {
  return { path, text: postImageWithoutBase(fp).text, partial: [] };
}
