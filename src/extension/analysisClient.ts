/**
 * The extension host's side of the analysis worker: one worker thread, one request at a time,
 * so the host thread never runs an analysis. A newer request for the same document supersedes an
 * older one (queued: dropped; running: its result is dropped while the worker, which keeps the
 * document's state, finishes it). Cancelling a running request, or one over the time budget,
 * terminates the worker; the next request starts a fresh one. No vscode import: unit tests drive it.
 */
import type { Worker } from 'node:worker_threads';
import type { FromWorker, ReplyOf, Request } from '../worker/protocol';
import { oneLine } from '../worker/oneLine';

export const DEFAULT_BUDGET_MS = 20_000;

/** What the client needs of a vscode.CancellationToken. */
export interface CancelToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/** The worker answered with an error; `input` when the text cannot be analysed (not Lockflow's fault). */
export class AnalysisError extends Error {
  constructor(
    message: string,
    readonly input = false,
  ) {
    super(message);
  }
}

interface Job {
  id: number;
  request: Request;
  /** Requests with the same key supersede each other: the document. */
  key?: string;
  /** Settles the caller's promise once; later outcomes of the job are ignored. */
  settle(outcome: { value: unknown } | { error: Error }): void;
}

export class AnalysisClient {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly spawn: () => Worker,
    readonly budgetMs = DEFAULT_BUDGET_MS,
  ) {}

  /** The worker's answer; undefined when cancelled or superseded; rejects with one line on failure or expiry. */
  run<R extends Request>(request: R, token?: CancelToken): Promise<ReplyOf<R> | undefined> {
    if (this.disposed || token?.isCancellationRequested) return Promise.resolve(undefined);
    const key = request.kind === 'review' ? request.doc : undefined;
    if (key) this.supersede(key);
    return new Promise((resolve, reject) => {
      let settled = false;
      const job: Job = {
        id: this.nextId++,
        request,
        key,
        settle: (outcome) => {
          if (settled) return;
          settled = true;
          subscription?.dispose();
          if ('error' in outcome) reject(outcome.error);
          else resolve(outcome.value as ReplyOf<R> | undefined);
        },
      };
      const subscription = token?.onCancellationRequested(() => this.cancel(job));
      this.queue.push(job);
      this.pump();
    });
  }

  /** The document closed: no answer is wanted for it any more, and the worker drops its state. */
  forget(doc: string): void {
    this.supersede(doc);
    this.worker?.postMessage({ kind: 'forget', doc });
  }

  /** Stops the document's request, queued or running: a Cancel that came to a review another caller started. */
  cancelDocument(doc: string): void {
    this.dropQueued(doc);
    if (this.running?.key === doc) this.cancel(this.running);
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.settle({ value: undefined });
    this.finishRunning({ value: undefined });
    this.stopWorker();
  }

  /** A newer request for the document comes: the older ones answer nothing; a running one still finishes in the worker, which keeps the document's state. */
  private supersede(key: string): void {
    this.dropQueued(key);
    if (this.running?.key === key) this.running.settle({ value: undefined });
  }

  private dropQueued(key: string): void {
    for (const job of this.queue.filter((j) => j.key === key)) this.drop(job);
  }

  private drop(job: Job): void {
    const i = this.queue.indexOf(job);
    if (i >= 0) this.queue.splice(i, 1);
    job.settle({ value: undefined });
  }

  private cancel(job: Job): void {
    if (this.running !== job) return this.drop(job);
    // A running analysis cannot be interrupted inside its thread: stop the thread.
    this.finishRunning({ value: undefined });
    this.stopWorker();
    this.pump();
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    this.timer = setTimeout(() => this.expire(job), this.budgetMs);
    try {
      this.ensureWorker().postMessage({ ...job.request, id: job.id });
    } catch (e) {
      this.finishRunning({ error: new AnalysisError(`the request could not be sent: ${oneLine(e)}`) });
      this.pump();
    }
  }

  private expire(job: Job): void {
    if (this.running !== job) return;
    this.finishRunning({ error: new AnalysisError(`the analysis took longer than ${+(this.budgetMs / 1000).toFixed(1)} s and was stopped`) });
    this.stopWorker();
    this.pump();
  }

  private finishRunning(outcome: { value: unknown } | { error: Error }): void {
    clearTimeout(this.timer);
    const job = this.running;
    this.running = undefined;
    job?.settle(outcome);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.on('message', (m: FromWorker) => {
      if (w !== this.worker || m.id !== this.running?.id) return;
      this.finishRunning(m.ok ? { value: m.value } : { error: new AnalysisError(m.error, m.input) });
      this.pump();
    });
    // An exception out of the thread, or the thread ending (out of memory): fail the request, start afresh next time.
    const lost = (why: string) => {
      if (w !== this.worker) return;
      this.worker = undefined;
      this.finishRunning({ error: new AnalysisError(`the analysis worker stopped: ${why}`) });
      this.pump();
    };
    w.on('error', (e) => lost(oneLine(e)));
    w.on('exit', (code) => lost(`exit code ${code}`));
    this.worker = w;
    return w;
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}
