import { InputError, rejectText } from '../input/validate';
import { remarksFrom, voicesByDepth, type Voice } from './comments';
import { parsePatchText, type Loc } from './diff';
import { readMessages, type MailMessage, type SourceLine } from './mail';
import { patchDepth, splitQuoted, unquote } from './quote';
import { selectSeries } from './series';
import { parseSubject } from './subject';
import type { CoverLetter, Notice, PatchMessage, PatchSet, ReviewComment } from './types';

/**
 * Reads a plain diff, git format-patch output, an mbox (series, rerolls, replies), one MIME mail,
 * a pipermail page or a reply quoting a patch. Mail damage is repaired where that is unambiguous
 * and every repair, or failure to repair, becomes a notice. Async because MIME decoding is.
 */
export async function readPatchInput(text: string, name: string): Promise<PatchSet> {
  const why = rejectText(text, name);
  if (why) throw new InputError(why);
  if (!text.trim()) throw new InputError(`${name} is empty; give a patch, a mail or an mbox`);
  const notices: Notice[] = [];
  const messages = await readMessages(text, notices);
  const patches: PatchMessage[] = [];
  const covers: CoverLetter[] = [];
  const comments: ReviewComment[] = [];
  const messageOnly: MailMessage[] = [];
  for (const msg of messages) {
    const tag = parseSubject(msg.subject);
    const quoted = msg.body.map(unquote);
    const depth = patchDepth(quoted);
    if (depth === null) {
      if (tag.isPatch && tag.part === 0 && !tag.isReply) covers.push({ subject: tag.subject, version: tag.version, of: tag.of, author: msg.author, date: msg.date, messageId: msg.messageId, body: msg.body.map((l) => l.text).join('\n').trim() });
      else if (tag.isReply && quoted.some((l) => l.depth > 0)) messageOnly.push(msg);
      continue;
    }
    const { stream, blocks } = splitQuoted(quoted, depth);
    // A reply quoting a patch already in the input comments on that one rather than adding a copy;
    // the quote's own damage (often trimmed hunks) then says nothing about the patch.
    const existing = depth > 0 ? findPatch(patches, msg) : -1;
    const parsed = parsePatchText(stream, depth, existing < 0 ? notices : []);
    const voices = voicesByDepth(quoted, { author: msg.author, date: msg.date });
    const at = existing >= 0 ? existing : patches.push(toPatch(msg, depth, parsed, voices[depth])) - 1;
    if (existing >= 0) {
      // Commit-message lines count in the patch as sent, not in the (possibly trimmed) quote.
      const inPatch = quoteLocs(parsed.message, patches[existing]);
      for (const [line, loc] of parsed.locs) if (loc.kind === 'message') inPatch.has(line) ? parsed.locs.set(line, inPatch.get(line)!) : parsed.locs.delete(line);
    }
    const prefixOf = new Map(stream.map((l) => [l.line, l.prefix]));
    comments.push(...remarksFrom(blocks, parsed.locs, voices, at, prefixOf));
  }
  // Replies whose quote has no diff header (only the commit message, or trimmed hunks): anchor by text.
  for (const msg of messageOnly) {
    const at = findPatch(patches, msg);
    if (at < 0) continue;
    const quoted = msg.body.map(unquote);
    const depth = Math.min(...quoted.filter((l) => l.depth > 0).map((l) => l.depth));
    const { stream, blocks } = splitQuoted(quoted, depth);
    const voices = voicesByDepth(quoted, { author: msg.author, date: msg.date });
    const prefixOf = new Map(stream.map((l) => [l.line, l.prefix]));
    comments.push(...remarksFrom(blocks, quoteLocs(stream, patches[at]), voices, at, prefixOf));
  }
  if (!patches.length) {
    throw new InputError(`${name}: no patch found (no 'diff --git', '---/+++' or '@@' hunk${messages.length > 1 ? ` in ${messages.length} messages` : ''})`);
  }
  const set = selectSeries(patches, covers, comments, notices);
  set.notices.sort((a, b) => a.line - b.line);
  return set;
}

function toPatch(msg: MailMessage, depth: number, parsed: ReturnType<typeof parsePatchText>, voice: Voice): PatchMessage {
  const tag = parseSubject(msg.subject);
  let message = parsed.message;
  let author = depth > 0 ? voice.author : msg.author;
  let email = depth > 0 ? null : msg.email;
  // git am: a "From:" first line in the body names the real author.
  const inBody = message.length ? /^From:\s*(.+?)\s*<([^>]+)>\s*$/.exec(message[0].text) : null;
  if (inBody) {
    author = inBody[1].replace(/^"|"$/g, '');
    email = inBody[2];
    message = message.slice(1);
    while (message.length && !message[0].text.trim()) message = message.slice(1);
  }
  const signed = message.map((l) => /^Signed-off-by:\s*(.+?)\s*<([^>]+)>/.exec(l.text)).find((m) => m && (!author || m[1] === author));
  if (!email && signed) email = signed[2].replace(' at ', '@');
  if (!author && signed) author = signed[1];
  return {
    // A bare diff has no mail subject: its commit message's first line serves.
    subject: tag.subject || (message[0]?.text.trim() ?? ''),
    rawSubject: msg.subject,
    version: tag.version,
    part: tag.part,
    of: tag.of,
    author,
    email,
    date: depth > 0 ? voice.date : msg.date,
    messageId: depth > 0 ? null : msg.messageId,
    ...(depth === 0 && msg.inReplyTo ? { inReplyTo: msg.inReplyTo } : {}),
    body: message.map((l) => l.text).join('\n'),
    bodyLines: message.map((l) => l.line),
    files: parsed.files,
    quoteDepth: depth,
  };
}

/** The patch a reply is about: the message it answers, else the same subject, version and part. */
function findPatch(patches: PatchMessage[], msg: MailMessage): number {
  const byId = msg.inReplyTo ? patches.findIndex((p) => p.messageId === msg.inReplyTo) : -1;
  if (byId >= 0) return byId;
  const tag = parseSubject(msg.subject);
  return patches.findIndex((p) => p.subject === tag.subject && p.version === tag.version && p.part === tag.part);
}

/**
 * Maps quoted lines to the patch by their text, in order: commit-message lines, then diff lines
 * (for quotes trimmed so far that no @@ header is left). A quoted line not found takes the one before.
 */
function quoteLocs(stream: SourceLine[], patch: PatchMessage): Map<number, Loc> {
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
