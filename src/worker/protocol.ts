/**
 * The messages between the extension host and the analysis worker, and the plain data a review
 * becomes to cross the thread boundary (structured clone: no functions, no syntax trees).
 * No vscode import, no runtime code: both sides and the unit tests read it.
 */
import type { ReplyOptions, FunctionLockFlow, PatchedFile, PatchReviewOutcome, ReviewOptions, ReviewOutcome } from '../core';

/** The locks held at each line of one function, for hovers; lines holding nothing are left out. */
export interface FunctionLockLines {
  file: string;
  line: number;
  endLine: number;
  /** [line, must, may] */
  states: Array<[number, string[], string[]]>;
}

/** Where a file's functions are: enough to find the one at the cursor. */
export interface FileOutline {
  path: string;
  functions: Array<{ name: string; line: number; endLine: number }>;
}

/** A review as the editor needs it: findings, summaries, flows for diagrams and inlay hints, lock state per line. */
export interface ReviewData {
  result: ReviewOutcome['result'];
  flows: Map<string, FunctionLockFlow>;
  lockLines: FunctionLockLines[];
  files: FileOutline[];
}

/** A patch review as the editor needs it; `bases` maps a diff path to the workspace file read as its base. */
export interface PatchReviewData extends Pick<PatchReviewOutcome, 'set' | 'orderAdded' | 'orderRemoved' | 'fixed'> {
  files: PatchedFile[];
  after: ReviewData;
  bases: Record<string, string>;
  /** The review as a reply mail (Copy Review Reply). */
  reply: string;
  /** Who the reply is from (the setting or git's identity): replies built from comment threads use it too. */
  replyOptions: ReplyOptions;
  /** Diff paths no folder had (the editor offers to choose the base). */
  notFound: string[];
}

/** Review one C document; the worker keeps its last analysis per `doc` and re-explores only what an edit changed. */
export interface ReviewRequest {
  kind: 'review';
  doc: string;
  path: string;
  text: string;
  options: ReviewOptions;
}

/** Review a patch or mail against the workspace folders' files (read in the worker, confined to the folders). */
export interface PatchRequest {
  kind: 'patch';
  text: string;
  name: string;
  /** Where diff paths are looked up, first folder first (the workspace folders, or the one the user chose). */
  folders: string[];
  /** Instead of the folders' files: the files at a revision of the git repository at `repo`. */
  revision?: { repo: string; rev: string };
  /** The reply mail's sender (else git's user.name/user.email in the first folder) and Reviewed-by: offer. */
  reply?: ReplyOptions;
  options: ReviewOptions;
}

/** Answer an agent's tool call (core tools) over a workspace folder: the answer is the tool's JSON value. */
export interface ToolRequest {
  kind: 'tool';
  name: string;
  input: unknown;
  /** The workspace folder the tool reads under, and nothing outside it. */
  root: string;
  options: ReviewOptions;
}

/** The document closed: drop its state. No reply. */
export interface ForgetRequest {
  kind: 'forget';
  doc: string;
}

export type Request = ReviewRequest | PatchRequest | ToolRequest;
export type ToWorker = (Request & { id: number }) | ForgetRequest;

/** `input`: the text itself cannot be analysed (too large, not a patch), as opposed to a failure of Lockflow's. */
export type FromWorker = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string; input: boolean };

export type ReplyOf<R extends Request> = R extends ReviewRequest ? ReviewData : R extends PatchRequest ? PatchReviewData : unknown;
