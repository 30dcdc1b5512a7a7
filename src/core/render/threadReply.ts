/**
 * A reply built from comment threads: each thread quotes the hunk lines just
 * above its line (trimmed, as list etiquette asks), the mail's remark it
 * answers (one quote level up), and the reviewer's own words below, unquoted.
 * Threads the reviewer wrote nothing in are left out: a reply trims what it
 * does not answer.
 */
import type { FilePatch, PatchMessage, PatchSet } from '../patch';
import { address, hasNewLine, hunkLines, mailHeader, NOBODY, type ReplyOptions } from './mail';

/** How many new-file lines above a thread's line are quoted. */
const CONTEXT = 3;

export interface ReplyThread {
  /** Index in PatchSet.patches of the patch the thread is on. */
  patch: number;
  /** Diff path (the new side) and 1-based new-file line. */
  file: string;
  line: number;
  /** The mail's remark the thread started from, quoted in the reply. */
  remark?: { author: string | null; date: string | null; text: string };
  /** The reviewer's words in the thread, in order. */
  notes: string[];
}

/** True when some thread holds words of the reviewer's own: then the reply is built from the threads. */
export function threadsHaveNotes(threads: ReplyThread[]): boolean {
  return threads.some((t) => t.notes.some((n) => n.trim()));
}

export function threadsToMail(set: PatchSet, threads: ReplyThread[], options: ReplyOptions = {}): string {
  const answered = threads.filter((t) => t.notes.some((n) => n.trim())).sort((a, b) => a.patch - b.patch || a.file.localeCompare(b.file) || a.line - b.line);
  const patch = set.patches[set.patches.length - 1];
  // Answering a review (the input is a reviewer's mail): its remarks are one quote level, the patch it quoted two.
  const review = set.reviewMail?.email ? set.reviewMail : undefined;
  const header = mailHeader(review ? toReviewer(patch, review) : patch, options.from ?? NOBODY);
  const deep = review ? '> ' : '';
  const body: string[] = [];
  if (review) body.push(`On ${review.date ?? 'an earlier date'}, ${review.author ?? 'the reviewer'} wrote:`);
  body.push(`${deep}On ${patch.date ?? 'an earlier date'}, ${patch.author ?? 'the author'} wrote:`);
  let lastFile: FilePatch | undefined;
  for (const t of answered) {
    const file = set.patches[t.patch]?.files.find((f) => f.newPath === t.file && hasNewLine(f, t.line));
    body.push(`${deep}[...]`);
    if (file) {
      if (file !== lastFile) body.push(`${deep}> diff --git a/${file.oldPath} b/${file.newPath}`);
      lastFile = file;
      for (const l of hunkLines(file, t.line - CONTEXT, t.line)) body.push(`${deep}> ${l}`.trimEnd());
    } else body.push(`${deep}(${t.file}, line ${t.line})`);
    if (t.remark) body.push('', ...t.remark.text.split('\n').map((l) => `> ${l}`.trimEnd()));
    body.push('');
    // The reviewer's lines as typed: code and lists keep their shape.
    for (const n of t.notes.filter((x) => x.trim())) body.push(...n.trim().split('\n').map((l) => l.trimEnd()), '');
  }
  if (!answered.length) body.push('', 'I have nothing to add.', '');
  while (body.at(-1) === '') body.pop();
  return [...header, '', ...body].join('\n') + '\n';
}

/**
 * A reply to a review goes to its writer, threaded under the review, with the patch's author
 * and the review's own recipients copied: as a mail client's "reply all" to the review would.
 */
function toReviewer(patch: PatchMessage, review: NonNullable<PatchSet['reviewMail']>): PatchMessage {
  const author = patch.email ? [address({ name: patch.author ?? patch.email, email: patch.email })] : [];
  return {
    ...patch,
    author: review.author,
    email: review.email ?? patch.email,
    rawSubject: review.subject || patch.rawSubject,
    messageId: review.messageId,
    recipients: { to: [...author, ...(review.recipients?.to ?? [])], cc: review.recipients?.cc ?? [] },
  };
}
