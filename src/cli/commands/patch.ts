import { InputError, applyPatchSet, readPatchInput, type ApplyResult, type FileOutcome, type FilePatch, type PatchSet, type ReviewComment } from '../../core';
import { baseReader, readSeriesDirectory, readTextFile } from '../input';
import { json, oneOf, parseCommandArgs, type Command } from '../command';

export const patchCommand: Command = {
  name: 'patch',
  summary: 'read a patch, mail, mbox or quoted review: hunks, repairs, reviewer remarks (and, with --base, how it applies)',
  usage: 'lockflow patch INPUT [--base FILE|DIR] [--format text|json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { format: { type: 'string' }, base: { type: 'string' } });
    const format = oneOf(values.format, ['text', 'json'] as const, 'text', '--format');
    if (positionals.length !== 1) throw new InputError('give exactly one INPUT: a patch, a mail, an mbox or a saved review page');
    const input = readSeriesDirectory(positionals[0]) ?? readTextFile(positionals[0]);
    const set = await readPatchInput(input.text, input.path);
    const applied = values.base === undefined ? undefined : applyAll(set, values.base);
    if (format === 'json') io.out(json(toJson(set, applied)));
    else io.out(toText(set, applied).join('\n'));
    return 0;
  },
};

type Applied = Map<FilePatch, FileOutcome>;

/** Applies the series in memory to a base file or tree. */
function applyAll(set: PatchSet, base: string): Applied {
  return applyPatchSet(set, baseReader(base, set));
}

function toJson(set: PatchSet, applied?: Applied) {
  return {
    patches: set.patches.map((p) => ({
      subject: p.subject,
      version: p.version,
      part: p.part,
      of: p.of,
      author: p.author,
      date: p.date,
      messageId: p.messageId,
      ...(p.inReplyTo ? { inReplyTo: p.inReplyTo } : {}),
      email: p.email,
      files: p.files.map((f) => {
        const a = applied?.get(f);
        return {
          oldPath: f.oldPath,
          newPath: f.newPath,
          index: f.index,
          hunks: f.hunks.map((h, k) => ({
            oldStart: h.oldStart,
            oldLines: h.oldLines,
            newStart: h.newStart,
            newLines: h.newLines,
            status: h.status,
            ...(h.problem ? { problem: h.problem } : {}),
            ...(a && !('missing' in a) ? { apply: a.hunks[k] } : {}),
          })),
          ...(a === undefined ? {} : 'missing' in a ? { apply: { error: a.missing } } : { apply: { applied: a.rejected === 0, rejected: a.rejected, blob: a.blob, source: a.source ?? null } }),
        };
      }),
    })),
    comments: set.comments.map((c) => ({ author: c.author, text: c.text, anchor: c.anchor, date: c.date, ...(c.commitMessageLine ? { commitMessageLine: c.commitMessageLine } : {}), ...(c.range ? { range: c.range } : {}), line: c.inputLine })),
    notices: [...set.notices, ...applyNotices(applied)],
    ...(set.cover ? { cover: { subject: set.cover.subject, version: set.cover.version, of: set.cover.of, author: set.cover.author } } : {}),
  };
}

function applyNotices(applied?: Applied) {
  return [...(applied?.values() ?? [])].flatMap((a) => ('missing' in a ? [] : a.notices));
}

function where(c: ReviewComment, set: PatchSet): string {
  if (c.anchor) return `${c.anchor.file}:${c.anchor.line}${c.anchor.side === 'old' ? ' (old)' : ''}`;
  if (c.commitMessageLine) return `commit message line ${c.commitMessageLine}`;
  return set.patches[c.patch] ? `[${set.patches[c.patch].part}/${set.patches[c.patch].of}]` : 'unanchored';
}

function toText(set: PatchSet, applied?: Applied): string[] {
  const out: string[] = [];
  if (set.cover) out.push(`cover letter: [v${set.cover.version} 0/${set.cover.of}] ${set.cover.subject}`);
  for (const p of set.patches) {
    out.push(`[PATCH v${p.version} ${p.part}/${p.of}] ${p.subject}`);
    out.push(`  by ${p.author ?? 'unknown'}${p.email ? ` <${p.email}>` : ''}${p.date ? `, ${p.date}` : ''}`);
    for (const f of p.files) {
      out.push(`  ${f.oldPath === f.newPath ? f.newPath : `${f.oldPath} -> ${f.newPath}`}${f.index ? ` (index ${f.index})` : ''}${f.isNew ? ' (new)' : ''}${f.isDeleted ? ' (deleted)' : ''}${f.binary ? ' (binary)' : ''}`);
      const a = applied?.get(f);
      if (a && 'missing' in a) out.push(`    base: ${a.missing}`);
      else if (a?.source) out.push(`    base: ${a.source}`);
      else if (a && a.blob.matches === false) out.push(`    base blob ${a.blob.actual.slice(0, 12)} is not ${a.blob.expected}`);
      f.hunks.forEach((h, k) => {
        const r = a && !('missing' in a) ? a.hunks[k] : undefined;
        const outcome = r ? `; ${describe(r)}` : '';
        out.push(`    @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@ ${h.status}${outcome}`);
      });
    }
  }
  if (set.comments.length) out.push('', `remarks (${set.comments.length}):`);
  for (const c of set.comments) out.push(`  ${where(c, set)}: ${c.author ?? 'someone'}: ${c.text.split('\n')[0]}${c.text.includes('\n') ? ' ...' : ''}`);
  const notices = [...set.notices, ...applyNotices(applied)];
  if (notices.length) out.push('', `notices (${notices.length}):`);
  for (const n of notices) out.push(`  line ${n.line}: ${n.severity}: ${n.message}`);
  return out;
}

function describe(r: ApplyResult['hunks'][number]): string {
  if (r.status === 'rejected') return `rejected: ${r.reason}`;
  const parts = [r.offset ? `offset ${r.offset > 0 ? '+' : ''}${r.offset}` : '', r.fuzz ? `fuzz ${r.fuzz}` : ''].filter(Boolean);
  return parts.join(', ') || 'applied';
}
