/** Replies in a thread: which patch they answer, and where their quoted lines sit in it. */
import type { Loc } from './diff';
import type { MailMessage, SourceLine } from './mail';
import { parseSubject } from './subject';
import type { PatchMessage } from './types';

/** The patch a reply is about: the message it answers, else the same subject, version and part. */
export function findPatch(patches: PatchMessage[], msg: MailMessage): number {
  const byId = msg.inReplyTo ? patches.findIndex((p) => p.messageId === msg.inReplyTo) : -1;
  if (byId >= 0) return byId;
  const tag = parseSubject(msg.subject);
  return patches.findIndex((p) => p.subject === tag.subject && p.version === tag.version && p.part === tag.part);
}

/**
 * Maps quoted lines to the patch by their text, in order: commit-message lines, then diff lines
 * (for quotes trimmed so far that no @@ header is left). A quoted line not found takes the one before.
 */
export function quoteLocs(stream: SourceLine[], patch: PatchMessage): Map<number, Loc> {
  const targets: Array<{ key: string; loc: Loc }> = patch.body.split('\n').map((t, j) => ({ key: t.trim(), loc: { kind: 'message', line: j + 1 } }));
  for (const f of patch.files) {
    for (const h of f.hunks) {
      let oldLine = h.oldStart;
      let newLine = h.newStart;
      for (const l of h.lines) {
        targets.push({ key: l.kind + l.text.trim(), loc: { kind: 'diff', file: f.newPath, newLine, oldLine, lineKind: l.kind } });
        if (l.kind !== '+') oldLine++;
        if (l.kind !== '-') newLine++;
      }
    }
  }
  const locs = new Map<number, Loc>();
  let next = 0;
  let last: Loc | undefined;
  for (const l of stream) {
    const t = l.text.trim();
    const keys = /^[ +-]/.test(l.text) ? [l.text[0] + l.text.slice(1).trim(), t] : [t];
    const j = t ? targets.findIndex((x, k) => k >= next && keys.includes(x.key)) : -1;
    if (j >= 0) {
      last = targets[j].loc;
      next = j + 1;
    }
    if (last) locs.set(l.line, last);
  }
  return locs;
}
