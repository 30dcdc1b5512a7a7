/**
 * Runs the review of real files in a worker thread with a time budget per file:
 * a file over its budget is reported as a timeout, the worker is terminated and
 * a fresh one reviews the next file. Reading is capped in size. Shared by
 * `npm run corpus` and `npm run bench -- --tree DIR`.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { contextHeaders } from '../src/core/input/includes';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileResult } from './corpusLib';
import { generateKernelFile } from './generate';
import type { WorkerReply } from './corpusWorker';
import { askWorker, whenReady } from '../src/indexer/workerReply';

/** Kernel .c files are at most a few hundred kB; anything far above is not one. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Heap cap of the worker, so a runaway file fails instead of taking the machine's memory. */
const WORKER_HEAP_MB = 2048;

/** The text of a file of the tree, or why it cannot be reviewed. */
export function readCapped(tree: string, path: string): { text: string } | { status: 'missing' | 'too-big'; note: string } {
  const full = join(tree, path);
  let size: number;
  try {
    size = statSync(full).size;
  } catch {
    return { status: 'missing', note: `${full} not found` };
  }
  if (size > MAX_FILE_BYTES) return { status: 'too-big', note: `${size} bytes, over the ${MAX_FILE_BYTES}-byte cap` };
  const fd = openSync(full, 'r');
  try {
    const buf = Buffer.alloc(size);
    const n = readSync(fd, buf, 0, size, 0);
    return { text: buf.subarray(0, n).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/** A file not reviewed reports nothing. */
const EMPTY = { errors: 0, warnings: 0, infos: 0, limits: [], findings: [] };

export const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

export class CorpusRunner {
  private worker?: Worker;
  private ready?: Promise<Worker>;

  /** `withHeaders`: read the headers each file includes from its tree, as context. */
  constructor(
    private readonly script = join(__dirname, 'corpusWorker.js'),
    private readonly withHeaders = false,
    /** A tree index the worker reviews with. */
    private readonly index?: string,
  ) {}

  private start(): Promise<Worker> {
    if (this.ready) return this.ready;
    const w = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, stdout: false, stderr: false });
    this.worker = w;
    this.ready = whenReady(w);
    return this.ready;
  }

  private async kill(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) await w.terminate();
  }

  /** Reviews one file of the tree within budgetMs (the worker's start-up is not counted). */
  async review(tree: string, path: string, budgetMs: number): Promise<FileResult> {
    const read = readCapped(tree, path);
    if (!('text' in read)) return { path, lines: 0, ms: 0, ...EMPTY, status: read.status, note: read.note };
    return this.reviewText(tree, path, read.text, budgetMs);
  }

  /** Reviews `text` as the file at `path` of the tree (a mutant of it, say) within budgetMs. */
  async reviewText(tree: string, path: string, text: string, budgetMs: number): Promise<FileResult> {
    const lines = lineCount(text);
    const w = await this.start();
    const t0 = performance.now();
    // The headers it includes are read in its tree, as `lockflow review` reads them.
    const context = this.withHeaders ? contextHeaders(join(tree, path), text, tree, existsSync).headers : [];
    const reply = await askWorker<WorkerReply>(w, { path, abs: join(tree, path), text, context, index: this.index }, budgetMs);
    const wall = performance.now() - t0;
    switch (reply.kind) {
      case 'done': {
        const errors = reply.findings.filter((f) => f.severity === 'error').length;
        return { path, lines, ms: reply.ms, status: 'ok', errors, warnings: reply.findings.length - errors, infos: reply.infos, limits: reply.limits, findings: reply.findings };
      }
      case 'failed':
        return { path, lines, ms: reply.ms, ...EMPTY, status: 'error', note: reply.message };
      case 'timeout':
        await this.kill();
        return { path, lines, ms: wall, ...EMPTY, status: 'timeout', note: `over the ${budgetMs} ms budget` };
      default:
        await this.kill();
        return { path, lines, ms: wall, ...EMPTY, status: 'error', note: reply.kind === 'crashed' ? reply.message : 'unexpected reply' };
    }
  }

  /** Starts the worker and runs a few throw-away reviews of a generated file. */
  async warm(): Promise<void> {
    const w = await this.start();
    for (let k = 0; k < 3; k++) {
      await new Promise<void>((resolve) => {
        w.once('message', () => resolve());
        w.postMessage({ path: 'warm.c', text: generateKernelFile(3000, 99, 'warm_fn') });
      });
    }
  }

  async close(): Promise<void> {
    await this.kill();
  }
}
