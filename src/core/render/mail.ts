/**
 * A review reply a maintainer could send to the list: threaded to the
 * patch, bottom-posted, plain text, quoting only the hunk lines each remark
 * is about (with a little context) and writing the remark under them.
 */
import type { FilePatch, PatchMessage } from '../patch';
import type { PatchReviewOutcome } from '../review/patchReview';
import { patchGroups } from '../review/patchGroups';
import { RULES } from '../review/rules';
import type { Finding } from '../review/types';

const CONTEXT = 5;

/** Remarks in a reviewer's voice, per rule: the opening; the finding's own message and suggestion follow. */
const OPENERS: Record<string, (f: Finding) => string> = {
  'lock/helper-releases-caller-lock': (f) => `${f.function}() unlocks a mutex that it did not take; its caller did.`,
  'lock/held-at-return': () => 'This path returns with the lock still held.',
  'lock/double-acquire': () => 'The lock is already held here, so this would deadlock.',
  'lock/irq-unsafe': () => 'An interrupt handler takes this lock too; held here with interrupts on, it deadlocks when that interrupt arrives on this CPU.',
  'lock/context-left-off': () => 'This unlock does not match the lock: interrupts (or bottom halves) stay disabled after it.',
  'lock/same-class-nesting': () => 'This nests two locks of the same class; lockdep will want a _nested() annotation and one fixed order.',
  'lock/release-unheld': () => 'This releases a lock that is not held at this point.',
  'lock/order-inversion': () => 'The lock order here is the reverse of another path, which can deadlock.',
  'lock/sleep-in-atomic': () => 'This may sleep while in atomic context.',
  'lock/use-after-unlock': (f) => `Nothing keeps this object alive here: ${/'(\w+)'/.exec(f.message)?.[1] ?? 'the pointer'} was looked up under the lock, which has been dropped since.`,
  'lock/stale-after-relock': (f) => `Why is the lock dropped and taken again here? After re-taking it, ${f.subject?.variable ?? 'the object'} may no longer be what was checked before.`,
  'lock/helper-drops-caller-lock': (f) => `${f.subject?.callee ?? 'This helper'}() drops the lock for a while, so what was checked before this call may not hold after it.`,
  'lock/unguarded-access': () => 'This field is protected by a lock everywhere else, but not here.',
  'errno/busy-as-invalid': () => '-EBUSY?',
  'api/redundant-parameter': () => 'This parameter can be derived from another one, so there is no need to pass it.',
};

interface Window {
  file: FilePatch;
  start: number;
  end: number;
  findings: Finding[];
}

/** Who sends the reply, and whether to offer a Reviewed-by: when there is nothing to remark. */
export interface ReplyOptions {
  from?: { name: string; email: string };
  reviewedBy?: boolean;
}

/** When git knows no one: a placeholder the reviewer replaces before sending. */
export const NOBODY = { name: 'Your Name', email: 'you@example.org' };

/**
 * A reply `git send-email` or b4 can send: from the reviewer, to the patch's author, copied to
 * whoever the patch was sent to, threaded. Against a base it speaks only of what the patch
 * introduces (and thanks for what it fixes): findings in code the author did not touch are not
 * the author's to answer. No tool signature: the reviewer signs.
 */
export function reviewToMail(outcome: PatchReviewOutcome, options: ReplyOptions = {}): string {
  const from = options.from ?? NOBODY;
  const all = outcome.after.result.findings;
  const groups = patchGroups(all, outcome.fixed);
  const findings = groups ? groups.introduced : all;
  const patch = outcome.set.patches[outcome.set.patches.length - 1];
  const header = mailHeader(patch, from);
  const body: string[] = [`On ${patch.date ?? 'an earlier date'}, ${patch.author ?? 'the author'} wrote:`];
  const windows = quoteWindows(patch, findings);
  let lastFile: FilePatch | undefined;
  for (const w of windows) {
    if (w.file !== lastFile) {
      body.push(`> diff --git a/${w.file.oldPath} b/${w.file.newPath}`);
      lastFile = w.file;
    }
    body.push('[...]');
    for (const line of hunkLines(w.file, w.start, w.end)) body.push(`> ${line}`.trimEnd());
    body.push('');
    for (const f of w.findings) body.push(...remark(f), '');
  }
  const elsewhere = findings.filter((f) => !windows.some((w) => w.findings.includes(f)));
  if (elsewhere.length) {
    body.push('[...]', '', 'Outside the lines quoted above:', '');
    for (const f of elsewhere) body.push(...remark(f, true), '');
  }
  if (groups?.fixed.length) {
    const title = (f: Finding) => RULES.find((r) => r.id === f.rule)?.title.toLowerCase() ?? f.rule;
    body.push('[...]', '', `Thanks for fixing ${groups.fixed.length === 1 ? 'this' : 'these'} on the way:`, ...groups.fixed.map((f) => `- ${f.function}(): ${title(f)}`), '');
  }
  const limits = outcome.after.result.limits;
  if (!findings.length) body.push('[...]', '', `I found nothing to remark on in the locking of this patch${limits.length ? ', in the parts I could review' : ''}.`, '');
  if (limits.length) body.push('Not fully reviewed:', ...limits.map((l) => `- ${l}`), '');
  if (!findings.length && options.reviewedBy && !limits.length) body.push(`Reviewed-by: ${address(from)}`, '');
  return [...header, '', ...body].join('\n') + '\n';
}

export const address = (who: { name: string; email: string }) => `${/[^\w .-]/.test(who.name) ? JSON.stringify(who.name) : who.name} <${who.email}>`;
const addressOf = (s: string) => (/<([^>]+)>/.exec(s)?.[1] ?? s).trim().toLowerCase();

export function mailHeader(patch: PatchMessage, from: { name: string; email: string }): string[] {
  const subject = patch.rawSubject?.trim() || `[PATCH v${patch.version} ${patch.part}/${patch.of}] ${patch.subject}`;
  const lines = [`From: ${address(from)}`];
  const to = patch.email ? address({ name: patch.author ?? patch.email, email: patch.email }) : undefined;
  if (to) lines.push(`To: ${to}`);
  // Everyone the patch went to, but not the reviewer or the author again.
  const seen = new Set([from.email.toLowerCase(), ...(patch.email ? [patch.email.toLowerCase()] : [])]);
  const cc = [...(patch.recipients?.to ?? []), ...(patch.recipients?.cc ?? [])].filter((a) => !seen.has(addressOf(a)) && seen.add(addressOf(a)));
  if (cc.length) lines.push(`Cc: ${cc.join(', ')}`);
  lines.push(`Subject: ${/^re:/i.test(subject) ? subject : `Re: ${subject}`}`);
  // RFC 5322 msg-ids are in angle brackets; the parsed id is kept without them.
  const id = patch.messageId && `<${patch.messageId.replace(/^<|>$/g, '')}>`;
  if (id) lines.push(`In-Reply-To: ${id}`, `References: ${id}`);
  lines.push('Content-Type: text/plain; charset=utf-8');
  return lines;
}

function remark(f: Finding, withPlace = false): string[] {
  const opener = OPENERS[f.rule]?.(f) ?? '';
  const text = [withPlace ? `In ${f.function}() at line ${f.line}:` : '', opener, sentence(f.message), f.suggestion ? `How about this: ${lowerFirst(f.suggestion)}` : '']
    .filter(Boolean)
    .join(' ');
  return wrap(text, 72);
}

/** New-file line windows around each finding (and its related lines in the patch), merged where they overlap. */
function quoteWindows(patch: PatchMessage, findings: Finding[]): Window[] {
  const windows: Window[] = [];
  for (const f of findings) {
    const file = patch.files.find((x) => x.newPath === f.file && hasNewLine(x, f.line));
    if (!file) continue;
    const lines = [f.line, ...f.related.filter((r) => r.file === f.file && hasNewLine(file, r.line) && Math.abs(r.line - f.line) <= 15).map((r) => r.line)];
    const start = Math.min(...lines) - CONTEXT;
    const end = Math.max(...lines);
    const w = windows.find((x) => x.file === file && start <= x.end + 1 && end >= x.start - 1);
    if (w) {
      w.start = Math.min(w.start, start);
      w.end = Math.max(w.end, end);
      w.findings.push(f);
    } else windows.push({ file, start, end, findings: [f] });
  }
  return windows.sort((a, b) => a.start - b.start);
}

export function hasNewLine(file: FilePatch, line: number): boolean {
  return file.hunks.some((h) => line >= h.newStart && line < h.newStart + h.newLines);
}

/** The diff lines (with their +/space marks) whose new-file line is in [start, end]. */
export function hunkLines(file: FilePatch, start: number, end: number): string[] {
  const out: string[] = [];
  for (const h of file.hunks) {
    let n = h.newStart;
    for (const l of h.lines) {
      if (l.kind === '-') {
        if (n > start && n <= end) out.push(`-${l.text}`);
        continue;
      }
      if (n >= start && n <= end) out.push(`${l.kind}${l.text}`);
      n++;
    }
  }
  return out;
}

export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** A message as a sentence: capitalised only when it starts with a plain word (never code), one full stop. */
function sentence(s: string): string {
  const first = /^\S+/.exec(s)?.[0] ?? '';
  const body = /^[a-z]+$/.test(first) ? s.charAt(0).toUpperCase() + s.slice(1) : s;
  return /[.!?]$/.test(body) ? body : `${body}.`;
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]+\b/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
