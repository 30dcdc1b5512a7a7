/**
 * lockflow_review: the review of a C file, or of a patch or mail applied to the tree's files,
 * as findings with their evidence (the JSON report's findings, bounded).
 */
import { reviewPatch } from '../review/patchReview';
import type { Finding } from '../review/types';
import { isPatchLike, readPatchInput } from '../patch';
import { readInside } from '../input/userFile';
import { InputError } from '../input/validate';
import { analyse, site } from './analysis';
import type { ReviewOptions } from '../review';
import type { ToolTree } from './tree';

const MAX_FINDINGS = 100;

export type ReviewAnswer = Awaited<ReturnType<typeof review>>;

export async function review(tree: ToolTree, path: string, options: ReviewOptions = {}) {
  const source = tree.read(path);
  if (/\.[ch]$/.test(source.path) || !isPatchLike(source.text)) {
    const outcome = await analyse([source], options);
    return { reviewed: source.path, kind: 'file', ...findingsOf(outcome.result.findings), limits: outcome.result.limits };
  }
  const set = await readPatchInput(source.text, source.path);
  if (!set.patches.length) throw new InputError(`${source.path}: no patch found in this text`);
  // The patch's base files are the tree's, read through the same confinement as everything else.
  const outcome = await reviewPatch(set, {
    ...options,
    readBase: (file) => {
      const got = readInside(tree.root, file, 'the tree');
      return 'text' in got ? got.text : { missing: got.missing };
    },
  });
  return {
    reviewed: source.path,
    kind: 'patch',
    subject: set.cover?.subject ?? set.patches.at(-1)!.subject,
    files: outcome.files.map((f) => f.path),
    ...findingsOf(outcome.after.result.findings),
    fixed: outcome.fixed.slice(0, MAX_FINDINGS).map(compact),
    limits: outcome.after.result.limits,
  };
}

function findingsOf(findings: Finding[]) {
  return { count: findings.length, findings: findings.slice(0, MAX_FINDINGS).map(compact) };
}

/** A finding with its locations as `file:line` values. */
function compact(f: Finding) {
  return {
    rule: f.rule,
    severity: f.severity,
    at: site(f.file, f.line),
    function: f.function,
    message: f.message,
    ...(f.subject ? { subject: f.subject } : {}),
    ...(f.patchStatus ? { patchStatus: f.patchStatus } : {}),
    related: f.related.map((r) => ({ at: site(r.file, r.line), message: r.message })),
    trace: f.trace.map((t) => ({ at: site(t.file ?? f.file, t.line), event: t.event, held: t.held })),
    suggestion: f.suggestion,
    fingerprint: f.fingerprint,
  };
}
