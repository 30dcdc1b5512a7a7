/**
 * The review as comment threads: the mail's remarks (and, with
 * lockflow.comments.findings, Lockflow's findings) on their lines of the
 * patched document and of its base; the reviewer replies in a thread or
 * starts one on any line of a patched document. Copy/Save Review Reply build
 * the reply from these threads (core threadsToMail).
 */
import * as vscode from 'vscode';
import { baseLineOf, type ReplyThread } from '../core';
import { parsePatchedUri, patchedUri, PATCHED_SCHEME, type PatchSession } from './patchSessions';
import type { ReviewUnits } from './reviewUnits';
import { onDidChangeConfig, readConfig } from './config';

/** What a thread is: a remark of the mail, a finding, or one the reviewer started. */
interface ThreadInfo {
  session: number;
  patch: number;
  file: string;
  line: number;
  remark?: { author: string | null; date: string | null; text: string };
  /** The mirror in the base file: shows the remark, takes no replies. */
  mirror?: boolean;
}

/** A comment the reviewer wrote (as opposed to the mail's remark or a finding). */
class NoteComment implements vscode.Comment {
  mode = vscode.CommentMode.Preview;
  contextValue = 'lockflow.note';
  constructor(
    public body: string,
    public author: vscode.CommentAuthorInformation,
  ) {}
}

/** A thread as tests and the reply builder see it. */
export interface ThreadView {
  uri: string;
  line: number;
  comments: Array<{ author: string; body: string; note: boolean }>;
}

export class CommentThreads implements vscode.Disposable {
  private readonly controller = vscode.comments.createCommentController('lockflow', 'Lockflow Review');
  private readonly threads = new Map<vscode.CommentThread, ThreadInfo>();
  private readonly shown = new Set<number>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly units: ReviewUnits) {
    this.controller.commentingRangeProvider = {
      // Any line of a patched document can get a thread; other documents only show the mirrors.
      provideCommentingRanges: (doc) => (doc.uri.scheme === PATCHED_SCHEME ? [new vscode.Range(0, 0, Math.max(0, doc.lineCount - 1), 0)] : []),
    };
    this.controller.options = { prompt: 'Reply (goes into Copy Review Reply)', placeHolder: 'Your reply to the list' };
    this.subscriptions.push(
      units.onDidChange(() => this.sync()),
      onDidChangeConfig(() => this.resync()),
    );
  }

  /** New patch sessions get their threads; sessions gone lose theirs. */
  private sync(): void {
    const live = new Set(this.units.all().flatMap((u) => (u.patch ? [u.patch.id] : [])));
    for (const [thread, info] of this.threads) if (!live.has(info.session)) this.drop(thread);
    for (const id of live) if (!this.shown.has(id)) this.show(this.units.get(`patch:${id}`)!.patch!);
  }

  /** The findings setting changed: finding threads come or go (the reviewer's notes stay). */
  private resync(): void {
    for (const [thread, info] of this.threads) if (!info.remark && !info.mirror && !thread.comments.some((c) => c instanceof NoteComment)) this.drop(thread);
    const withFindings = readConfig().commentFindings;
    for (const u of this.units.all()) if (u.patch && withFindings) this.showFindings(u.patch);
  }

  private drop(thread: vscode.CommentThread): void {
    this.threads.delete(thread);
    thread.dispose();
  }

  private show(session: PatchSession): void {
    this.shown.add(session.id);
    const paths = new Set(session.review.files.map((f) => f.path));
    for (const r of session.review.set.comments) {
      const a = r.anchor;
      // The remarks of the mail's sender (depth 0) on a line of the new side the patched text has.
      if (!a || r.depth !== 0 || a.side !== 'new' || !paths.has(a.file)) continue;
      const remark = { author: r.author, date: r.date, text: r.text };
      const info: ThreadInfo = { session: session.id, patch: r.patch, file: a.file, line: a.line, remark };
      const comment: vscode.Comment = { body: r.text, mode: vscode.CommentMode.Preview, author: { name: r.author ?? 'reviewer' }, contextValue: 'lockflow.remark' };
      this.create(patchedUri(session.id, a.file), a.line, [comment], info, 'remark from the mail');
      const base = session.baseUris.get(a.file);
      const file = session.review.set.patches[r.patch]?.files.find((f) => f.newPath === a.file);
      const patched = session.review.files.find((f) => f.path === a.file);
      if (base && file && patched?.baseText !== undefined) {
        const offsets = patched.apply?.hunks.map((h) => h.offset) ?? [];
        this.create(base, baseLineOf(file, a.line, offsets), [comment], { ...info, mirror: true }, 'remark on the patch (reply in the patched document)');
      }
    }
    if (readConfig().commentFindings) this.showFindings(session);
  }

  private showFindings(session: PatchSession): void {
    const paths = new Set(session.review.files.map((f) => f.path));
    const have = new Set([...this.threads.values()].filter((i) => i.session === session.id && !i.remark && !i.mirror).map((i) => `${i.file}:${i.line}`));
    for (const f of session.review.after.result.findings) {
      if (!paths.has(f.file) || f.patchStatus === 'fixed' || have.has(`${f.file}:${f.line}`)) continue;
      have.add(`${f.file}:${f.line}`);
      const body = new vscode.MarkdownString().appendText(`${f.message}\n\n${f.suggestion}`);
      const comment: vscode.Comment = { body, mode: vscode.CommentMode.Preview, author: { name: 'Lockflow' }, label: f.rule, contextValue: 'lockflow.finding' };
      this.create(patchedUri(session.id, f.file), f.line, [comment], { session: session.id, patch: session.review.set.patches.length - 1, file: f.file, line: f.line }, f.rule);
    }
  }

  private create(uri: vscode.Uri, line: number, comments: vscode.Comment[], info: ThreadInfo, label: string): vscode.CommentThread {
    const thread = this.controller.createCommentThread(uri, new vscode.Range(line - 1, 0, line - 1, 0), comments);
    thread.label = label;
    thread.canReply = !info.mirror;
    thread.contextValue = info.mirror ? 'lockflow.mirror' : 'lockflow.thread';
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
    this.threads.set(thread, info);
    return thread;
  }

  /**
   * The reply button of a thread (a CommentReply), or for tests and keybindings `{ uri, line, text }`:
   * the reply goes into the thread at that line, or a new one.
   */
  reply(arg: vscode.CommentReply | { uri: vscode.Uri | string; line: number; text: string }): ThreadView | undefined {
    const text = arg.text.trim();
    if (!text) return undefined;
    let thread = 'thread' in arg ? arg.thread : undefined;
    if (!thread && !('thread' in arg)) {
      const uri = typeof arg.uri === 'string' ? vscode.Uri.parse(arg.uri) : arg.uri;
      thread = [...this.threads.keys()].find((t) => t.uri.toString() === uri.toString() && t.range?.start.line === arg.line - 1 && t.canReply !== false);
      if (!thread) thread = this.start(uri, arg.line);
    } else if (thread && !this.threads.has(thread)) this.adopt(thread);
    if (!thread || !this.threads.has(thread)) return undefined;
    thread.comments = [...thread.comments, new NoteComment(text, { name: reviewerName() })];
    return this.view(thread);
  }

  /** A thread the reviewer opened with the editor's "+" on a patched line. */
  private adopt(thread: vscode.CommentThread): void {
    const where = parsePatchedUri(thread.uri);
    const session = where && this.units.get(`patch:${where.session}`)?.patch;
    if (!where || !session || !thread.range) {
      thread.dispose();
      return;
    }
    thread.canReply = true;
    thread.contextValue = 'lockflow.thread';
    thread.label = 'your remark';
    this.threads.set(thread, { session: session.id, patch: patchOf(session, where.path), file: where.path, line: thread.range.start.line + 1 });
  }

  private start(uri: vscode.Uri, line: number): vscode.CommentThread | undefined {
    const where = parsePatchedUri(uri);
    const session = where && this.units.get(`patch:${where.session}`)?.patch;
    if (!where || !session) return undefined;
    return this.create(uri, line, [], { session: session.id, patch: patchOf(session, where.path), file: where.path, line }, 'your remark');
  }

  /** The threads of a session, as the core's reply builder wants them. */
  replyThreads(session: number): ReplyThread[] {
    return [...this.threads]
      .filter(([, i]) => i.session === session && !i.mirror)
      .map(([t, i]) => ({ patch: i.patch, file: i.file, line: i.line, remark: i.remark, notes: t.comments.filter((c) => c instanceof NoteComment).map((c) => bodyText(c.body)) }));
  }

  /** Every thread on a document (tests read them through the extension's exports). */
  threadsOn(uri: vscode.Uri | string): ThreadView[] {
    const key = uri.toString();
    return [...this.threads.keys()].filter((t) => t.uri.toString() === key).map((t) => this.view(t));
  }

  private view(t: vscode.CommentThread): ThreadView {
    return { uri: t.uri.toString(), line: (t.range?.start.line ?? 0) + 1, comments: t.comments.map((c) => ({ author: c.author.name, body: bodyText(c.body), note: c instanceof NoteComment })) };
  }

  dispose(): void {
    for (const t of this.threads.keys()) t.dispose();
    this.threads.clear();
    for (const s of this.subscriptions) s.dispose();
    this.controller.dispose();
  }
}

/** The part of the series a file of a patched document comes from: the last that touches it. */
function patchOf(session: PatchSession, path: string): number {
  const parts = session.review.set.patches;
  for (let k = parts.length - 1; k > 0; k--) if (parts[k].files.some((f) => f.newPath === path)) return k;
  return 0;
}

const bodyText = (b: string | vscode.MarkdownString) => (typeof b === 'string' ? b : b.value);

/** The name on the reviewer's notes: lockflow.reply.from's name, else "You". */
function reviewerName(): string {
  return /^\s*([^<]+?)\s*</.exec(readConfig().replyFrom)?.[1] ?? 'You';
}
