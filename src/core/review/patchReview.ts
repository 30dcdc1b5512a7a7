/**
 * Reviewing a patch: apply it to its base in memory (or rebuild the
 * post-image from the hunks when there is none), review the result, and
 * with a base also review the base, to tell which findings the patch
 * introduced, fixed or found already there, and which lock-order edges it adds or removes.
 */
import { applyPatchSet, baseText, completeWithin, postImageWithoutBase, type ApplyResult, type BaseRead, type FileOutcome, type FilePatch, type PatchSet } from '../patch';
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
  /** With a base: how each part's each file applied. */
  applied?: Map<FilePatch, FileOutcome>;
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
export async function patchedFiles(set: PatchSet, readBase?: (path: string) => BaseRead): Promise<{ files: PatchedFile[]; parsed: ParsedFile[]; limits: string[]; applied?: Map<FilePatch, FileOutcome> }> {
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
    } else {
      files.push(baseless(path, fp));
    }
  }
  // Every part's rejected hunks, not only the last part's: in a series, part 1's matter as much.
  for (const patch of set.patches) {
    const part = set.patches.length > 1 ? `[PATCH ${patch.part}/${patch.of}] ` : '';
    for (const fp of patch.files) {
      const outcome = outcomes?.get(fp);
      // A file reviewed from its hunks alone says so itself (`missing`).
      const reviewed = files.find((f) => f.path === fp.newPath);
      if (!outcome || 'missing' in outcome || reviewed?.baseText === undefined) continue;
      outcome.hunks.forEach((h, k) => {
        if (h.status === 'rejected') limits.push(`${part}${fp.newPath}: hunk ${k + 1} (${fp.hunks[k].header}) was rejected: ${h.reason}; reviewed with the other hunks applied, as patch --reject leaves it`);
      });
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
  return { files, parsed, limits, applied: outcomes };
}

export async function reviewPatch(set: PatchSet, options: PatchReviewOptions = {}): Promise<PatchReviewOutcome> {
  // Each base file is read once: applying the series and the before-review both need it.
  const bases = new Map<string, BaseRead>();
  const readBase = options.readBase && ((path: string) => bases.get(path) ?? bases.set(path, options.readBase!(path)).get(path)!);
  const { files, parsed: afterParsed, limits, applied } = await patchedFiles(set, readBase);
  const after = reviewComplete(afterParsed, options);
  after.result.limits.push(...limits);
  for (const p of set.patches) if (p.fragment) after.result.limits.push(`only a fragment was seen: the mail quotes C with no diff header, so the quoted lines were reviewed as a file of their own (${p.files.map((f) => f.newPath).join(', ')}); line numbers are the fragment's`);
  for (const f of files) if (f.partial.length) after.result.limits.push(`${f.path}: ${f.partial.length} function(s) only partly in the patch were not reviewed (${f.partial.join(', ')}); give --base to review them`);

  const withBase = files.filter((f) => f.baseText !== undefined);
  if (!withBase.length) return { set, files, after, orderAdded: [], orderRemoved: [], fixed: [], applied };
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
  const unattributed = await attributeToParts(set, readBase!, after.result.findings, options);
  if (unattributed) after.result.limits.push(`series of ${set.patches.length} parts: findings are told apart by part for the first ${MAX_SERIES_PARTS} only; the rest are the series'`);
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
    applied,
  };
}

/** A function the hunks show only in part is not reviewed: what is missing could be anything. */
function reviewComplete(parsed: ParsedFile[], options: ReviewOptions): ReviewOutcome {
  for (const p of parsed) p.functions = p.functions.filter((fn) => !fn.partial);
  return reviewParsed(parsed, options);
}

/** Parts of a series reviewed one prefix at a time to tell which part introduced a finding; past it, a limit says so. */
const MAX_SERIES_PARTS = 20;

/**
 * In a series, each introduced finding is attributed to the first part after which it is there:
 * the series is applied one more part at a time and reviewed, and fingerprints are compared (a
 * finding that needs two parts, such as a lock order one part sets up and the next inverts, is
 * the later part's).
 */
async function attributeToParts(set: PatchSet, readBase: (path: string) => BaseRead, findings: Finding[], options: ReviewOptions): Promise<boolean> {
  const parts = set.patches;
  const introduced = findings.filter((f) => f.patchStatus === 'introduced');
  if (parts.length < 2 || !introduced.length) return false;
  const last = parts.length - 1;
  const steps = Math.min(last, MAX_SERIES_PARTS);
  const seen: Array<Set<string>> = [];
  for (let k = 0; k < steps; k++) {
    const { parsed } = await patchedFiles({ ...set, patches: parts.slice(0, k + 1) }, readBase);
    seen.push(new Set(reviewComplete(parsed, options).result.findings.map((f) => f.fingerprint)));
  }
  for (const f of introduced) {
    const k = seen.findIndex((s) => s.has(f.fingerprint));
    if (k < 0 && steps < last) continue;
    const part = parts[k < 0 ? last : k];
    f.introducedIn = { part: part.part, of: part.of, subject: part.subject };
  }
  return steps < last;
}

function baseless(path: string, fp: FilePatch): PatchedFile {
  return { path, text: postImageWithoutBase(fp).text, partial: [] };
}
