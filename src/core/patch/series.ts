import type { CoverLetter, Notice, PatchMessage, PatchSet, ReviewComment } from './types';

/** Keeps the latest version of each part of a series (a reroll in the same mbox replaces older parts). */
export function selectSeries(patches: PatchMessage[], covers: CoverLetter[], comments: ReviewComment[], notices: Notice[]): PatchSet {
  const latest = Math.max(...patches.map((p) => p.version));
  const keep: PatchMessage[] = [];
  for (const p of patches) {
    const newer = patches.find((q) => q !== p && q.part === p.part && (q.version > p.version || (q.version === p.version && patches.indexOf(q) > patches.indexOf(p))));
    if (newer) {
      notices.push({ severity: 'info', line: p.files[0]?.inputLine ?? 1, message: `kept v${newer.version} of part ${p.part}/${newer.of} ('${newer.subject}'); dropped v${p.version}, which it replaces` });
    } else keep.push(p);
  }
  keep.sort((a, b) => a.part - b.part);
  const index = new Map(keep.map((p, k) => [patches.indexOf(p), k]));
  const kept = comments.flatMap((c) => (index.has(c.patch) ? [{ ...c, patch: index.get(c.patch)! }] : []));
  const cover = covers.filter((c) => c.version === latest).at(-1) ?? covers.at(-1) ?? null;
  const of = Math.max(...keep.map((p) => p.of));
  const missing = of > 1 && keep.every((p) => p.of === of) ? Array.from({ length: of }, (_, k) => k + 1).filter((n) => !keep.some((p) => p.part === n)) : [];
  if (missing.length && keep.length > 1) notices.push({ severity: 'warning', line: 1, message: `series of ${of}: part ${missing.join(', ')} missing` });
  return { patches: keep, comments: kept, notices, cover };
}
