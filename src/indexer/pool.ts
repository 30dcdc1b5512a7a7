/**
 * Worker threads for `lockflow index`, one per core by default. Each takes
 * the next file when it is done with one. A file over its hard deadline or
 * its heap cap costs only its worker, which is replaced: the run goes on and
 * the file is recorded as cut.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INDEX_FORMAT, type FileRecord } from '../core';
import type { IndexJob, IndexWorkerInit, IndexWorkerReply } from './protocol';
import { askWorker, whenReady } from './workerReply';

/** Heap cap per worker: two workers and the parent stay under 2 GB on one machine. */
const WORKER_HEAP_MB = 640;

export interface PoolResult {
  record: FileRecord;
  ms: number;
}

export class IndexPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<(w: Worker) => void> = [];
  private readonly all = new Set<Worker>();
  /** Workers started ahead of the first file (see warm), not ready yet. */
  private starting = 0;

  constructor(
    private readonly size: number,
    private readonly init: IndexWorkerInit,
    private readonly script = workerScript(),
  ) {}

  private spawn(): Promise<Worker> {
    const w = new Worker(this.script, { workerData: this.init, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, stdout: false, stderr: true });
    this.all.add(w);
    return whenReady(w);
  }

  /**
   * Starts one worker now, while the caller lists and compares the tree: loading the analysis
   * and compiling the grammar then overlaps that work, and a re-index of one changed file
   * does not wait for it afterwards.
   */
  warm(): void {
    if (this.all.size >= this.size) return;
    this.starting++;
    const started = this.spawn();
    // Until a file needs it, it does not keep the process alive (a run that fails early still ends).
    for (const w of this.all) w.unref();
    void started.then(
      (w) => {
        this.starting--;
        this.give(w);
      },
      () => this.starting--,
    );
  }

  private async take(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) {
      w.ref();
      return w;
    }
    // A worker already starting serves the first who asks.
    if (this.starting <= this.waiting.length && this.all.size < this.size) return this.spawn();
    // Someone waits for a worker now: the ones starting keep the process alive again.
    for (const x of this.all) x.ref();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(w: Worker): void {
    const next = this.waiting.shift();
    if (next) {
      w.ref();
      next(w);
    } else this.idle.push(w);
  }

  /** A dead worker's place goes to a fresh one, for whoever waits. */
  private async replace(w: Worker): Promise<void> {
    this.all.delete(w);
    await w.terminate();
    if (this.waiting.length) this.give(await this.spawn());
  }

  /** The record of one file: analysed, or cut when its worker ran over `deadlineMs` or out of memory. */
  async run(job: IndexJob, deadlineMs: number): Promise<PoolResult> {
    const w = await this.take();
    const t0 = performance.now();
    const reply = await askWorker<IndexWorkerReply>(w, job, deadlineMs);
    const ms = performance.now() - t0;
    if (reply.kind === 'done') {
      this.give(w);
      return { record: reply.record, ms };
    }
    if (reply.kind === 'failed') {
      this.give(w);
      return { record: cutRecord(job, reply.message), ms };
    }
    await this.replace(w);
    return { record: cutRecord(job, reply.kind === 'timeout' ? `not finished in ${Math.round(deadlineMs / 1000)} s` : reply.kind === 'crashed' ? reply.message : 'unexpected reply'), ms };
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }
}

/** The worker's bundle beside the CLI's (dist/), also when this code runs bundled into a test below it (dist/test/). */
function workerScript(): string {
  const near = [join(__dirname, 'indexWorker.js'), join(__dirname, '..', 'indexWorker.js')];
  return near.find((p) => existsSync(p)) ?? near[0];
}

/** A file the index could not analyse: known to exist, cut, saying nothing. */
export function cutRecord(job: Pick<IndexJob, 'path' | 'hash'>, why: string, lines = 0): FileRecord {
  return { format: INDEX_FORMAT, path: job.path, hash: job.hash, lines, cut: true, limits: [`${job.path}: ${why}`], functions: [], calls: {}, valueUses: [], orders: [] };
}
