/*
 * Applies one file's hunks to a base text in memory, the way patch(1) does: each hunk is tried at
 * its header's line (shifted by the previous hunk's offset), then ever farther away, then with up
 * to MAX_FUZZ context lines dropped at each end.
 *
 * Not jsdiff's applyPatch: it returns only the whole text or false, so it cannot say which hunk
 * failed, at what offset a hunk landed or how much fuzz it needed, and its fuzz counts edits in
 * the context (Levenshtein) rather than dropped context lines, which is what reviewers know
 * from patch(1) and git apply.
 */
import { compareBlob } from './blob';
import type { ApplyResult, FilePatch, HunkLine, Notice } from './types';

export const MAX_FUZZ = 2;

interface Fit {
  at: number;
  fuzz: number;
  lead: number;
  trail: number;
  loose: boolean;
}

export function applyToBase(file: FilePatch, baseText: string): ApplyResult {
  const notices: Notice[] = [];
  const blob = compareBlob(file.index, baseText);
  if (blob.matches === false) {
    notices.push({ severity: 'warning', line: file.inputLine, message: `${file.oldPath}: the base is blob ${blob.actual.slice(0, 12)}, the patch was made against ${blob.expected}; hunks may land elsewhere or not apply` });
  }
  const eol = baseText.endsWith('\n');
  const base = baseText === '' ? [] : (eol ? baseText.slice(0, -1) : baseText).split('\n');
  const out: string[] = [];
  let copied = 0;
  let drift = 0;
  let rejected = 0;
  const hunks: ApplyResult['hunks'] = [];
  file.hunks.forEach((h, k) => {
    const ref = { file: file.newPath, index: k, header: h.header };
    if (h.status === 'broken') {
      rejected++;
      hunks.push({ status: 'rejected', offset: 0, fuzz: 0, reason: `the hunk is damaged: ${h.problem}` });
      return;
    }
    const expected = h.oldLines === 0 ? h.oldStart : h.oldStart - 1;
    const fit = findFit(base, h.lines, expected + drift, copied);
    if (!fit) {
      rejected++;
      const reason = explainMiss(base, h.lines, expected + drift);
      hunks.push({ status: 'rejected', offset: 0, fuzz: 0, reason });
      notices.push({ severity: 'error', line: h.inputLine, hunk: ref, message: `hunk ${k + 1} ${h.header} does not apply: ${reason}` });
      return;
    }
    const kept = h.lines.slice(fit.lead, h.lines.length - fit.trail);
    const start = fit.at;
    const offset = start - fit.lead - expected;
    drift = offset;
    out.push(...base.slice(copied, start));
    out.push(...kept.filter((l) => l.kind !== '-').map((l, i) => (l.kind === ' ' ? base[start + oldIndex(kept, i)] : l.text)));
    copied = start + kept.filter((l) => l.kind !== '+').length;
    const status = fit.fuzz ? 'fuzz' : offset ? 'offset' : 'applied';
    hunks.push({ status, offset, fuzz: fit.fuzz });
    if (status !== 'applied') notices.push({ severity: 'info', line: h.inputLine, hunk: ref, message: `hunk ${k + 1} applied${offset ? ` at offset ${offset > 0 ? '+' : ''}${offset}` : ''}${fit.fuzz ? ` with fuzz ${fit.fuzz}` : ''}` });
    if (fit.loose) notices.push({ severity: 'info', line: h.inputLine, hunk: ref, message: `hunk ${k + 1} matched the base only when trailing whitespace is ignored (mail strips it)` });
  });
  out.push(...base.slice(copied));
  return { text: out.join('\n') + (eol || (!base.length && out.length) ? '\n' : ''), rejected, hunks, blob, notices };
}

/** Index, among the old-side lines of `kept`, of the i-th new-side line (a context line). */
function oldIndex(kept: HunkLine[], newIdx: number): number {
  let o = 0;
  let n = 0;
  for (const l of kept) {
    if (l.kind === ' ' && n === newIdx) return o;
    if (l.kind !== '+') o++;
    if (l.kind !== '-') n++;
  }
  return o;
}

/** The nearest place where the hunk's old side matches, with the least fuzz; never before `floor`. */
function findFit(base: string[], lines: HunkLine[], expected: number, floor: number): Fit | null {
  const leadCtx = Math.max(0, lines.findIndex((l) => l.kind !== ' '));
  const trailCtx = Math.max(0, [...lines].reverse().findIndex((l) => l.kind !== ' '));
  // As GNU patch: an end with less context than the other (a hunk near the start or end of the
  // file) gives up that much less of it, so the short end still anchors the hunk.
  const context = Math.max(leadCtx, trailCtx);
  for (let fuzz = 0; fuzz <= MAX_FUZZ; fuzz++) {
    const lead = Math.min(leadCtx, Math.max(0, fuzz + leadCtx - context));
    const trail = Math.min(trailCtx, Math.max(0, fuzz + trailCtx - context));
    if (fuzz && lead + trail === 0) break;
    const old = lines.slice(lead, lines.length - trail).filter((l) => l.kind !== '+').map((l) => l.text);
    const want = expected + lead;
    for (let d = 0; d <= base.length; d++) {
      for (const at of d ? [want - d, want + d] : [want]) {
        if (at < floor || at + old.length > base.length) continue;
        const m = matches(base, at, old);
        if (m) return { at, fuzz, lead, trail, loose: m === 'loose' };
      }
      if (want - d < floor && want + d + old.length > base.length) break;
    }
  }
  return null;
}

function matches(base: string[], at: number, old: string[]): false | 'exact' | 'loose' {
  let loose = false;
  for (let i = 0; i < old.length; i++) {
    if (base[at + i] === old[i]) continue;
    if (base[at + i].trimEnd() !== old[i].trimEnd()) return false;
    loose = true;
  }
  return loose ? 'loose' : 'exact';
}

/**
 * A reason a reviewer can act on: the first line at the expected place that differs. It quotes the
 * hunk only: the base's own line is not shown, as the patch does not show it (a hostile patch
 * must not turn Lockflow into a way to print files).
 */
function explainMiss(base: string[], lines: HunkLine[], expected: number): string {
  const old = lines.filter((l) => l.kind !== '+');
  for (let i = 0; i < old.length; i++) {
    const have = base[expected + i];
    if (have === undefined) return `the base has ${base.length} lines; the hunk needs lines up to ${expected + old.length} (${old.length} context and removed lines not found anywhere, even with fuzz ${MAX_FUZZ})`;
    if (have.trimEnd() !== old[i].text.trimEnd()) {
      return `at line ${expected + i + 1} the base differs from the hunk's '${clip(old[i].text)}'; no other place matches, even with fuzz ${MAX_FUZZ}`;
    }
  }
  return `its lines were found only before an earlier hunk's place`;
}

function clip(s: string): string {
  const t = s.trim();
  return t.length > 60 ? t.slice(0, 57) + '...' : t;
}

