import { InputError, rejectText } from '../input/validate';
import { remarksFrom, voicesByDepth, type Voice } from './comments';
import { parsePatchText } from './diff';
import { readMessages, type MailMessage } from './mail';
import { patchDepth, splitQuoted, unquote } from './quote';
import { selectSeries } from './series';
import { parseSubject } from './subject';
import { findPatch, quoteLocs } from './thread';
import { FRAGMENT_PATH, fragmentStream } from './fragment';
import type { CoverLetter, Notice, PatchMessage, PatchSet, ReviewComment, ReviewMail } from './types';

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
  let reviewMail: ReviewMail | undefined;
  const remarked = (msg: MailMessage, added: ReviewComment[]) => {
    if (added.some((c) => c.depth === 0)) reviewMail = { author: msg.author, email: msg.email, date: msg.date, subject: msg.subject, messageId: msg.messageId, ...(msg.recipients ? { recipients: msg.recipients } : {}) };
    comments.push(...added);
  };
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
      for (const [line, loc] of parsed.locs) {
        if (loc.kind !== 'message') continue;
        if (inPatch.has(line)) parsed.locs.set(line, inPatch.get(line)!);
        else parsed.locs.delete(line);
      }
    }
    const prefixOf = new Map(stream.map((l) => [l.line, l.prefix]));
    remarked(msg, remarksFrom(blocks, parsed.locs, voices, at, prefixOf));
  }
  // Replies whose quote has no diff header (only the commit message, or trimmed hunks): anchor by text.
  for (const msg of messageOnly) {
    const at = findPatch(patches, msg);
    if (at < 0) continue;
    const { stream, blocks, voices, prefixOf } = quotedReply(msg);
    remarked(msg, remarksFrom(blocks, quoteLocs(stream, patches[at]), voices, at, prefixOf));
  }
  // No patch at all, only replies quoting C without a diff header: review the quoted lines.
  if (!patches.length) for (const msg of messageOnly) readFragment(msg, patches, comments, notices);
  if (!patches.length) {
    throw new InputError(`${name}: no patch found (no 'diff --git', '---/+++' or '@@' hunk${messages.length > 1 ? ` in ${messages.length} messages` : ''})`);
  }
  const set = selectSeries(patches, covers, comments, notices);
  if (reviewMail) set.reviewMail = reviewMail;
  set.notices.sort((a, b) => a.line - b.line);
  return set;
}

/** A reply's quoted C as a one-hunk patch of FRAGMENT_PATH, the reviewer's remarks anchored to its lines. */
function readFragment(msg: MailMessage, patches: PatchMessage[], comments: ReviewComment[], notices: Notice[]): void {
  const { depth, stream, blocks, voices, prefixOf } = quotedReply(msg);
  const fragment = fragmentStream(stream);
  if (!fragment) return;
  const parsed = parsePatchText(fragment, depth, notices);
  const at = patches.push({ ...toPatch(msg, depth, parsed, voices[depth]), fragment: true }) - 1;
  const code = fragment.filter((l) => l.line > 0);
  notices.push({ severity: 'warning', line: code[0].line, message: `no diff in this mail: the ${code.length} quoted lines (input lines ${code[0].line}-${code.at(-1)!.line}) are reviewed as a fragment, ${FRAGMENT_PATH}` });
  comments.push(...remarksFrom(blocks, parsed.locs, voices, at, prefixOf));
}

/** A reply with no diff header, split at its shallowest quote: the quoted lines, the reviewer's text, who said what. */
function quotedReply(msg: MailMessage) {
  const quoted = msg.body.map(unquote);
  const depth = Math.min(...quoted.filter((l) => l.depth > 0).map((l) => l.depth));
  const { stream, blocks } = splitQuoted(quoted, depth);
  const voices = voicesByDepth(quoted, { author: msg.author, date: msg.date });
  return { depth, stream, blocks, voices, prefixOf: new Map(stream.map((l) => [l.line, l.prefix])) };
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
    ...(depth === 0 && msg.recipients ? { recipients: msg.recipients } : {}),
    body: message.map((l) => l.text).join('\n'),
    bodyLines: message.map((l) => l.line),
    files: parsed.files,
    quoteDepth: depth,
  };
}
