/**
 * The corpus harness's worker thread: reviews one file per message with the
 * core API in-process and posts back its errors and warnings, the limits the
 * engine reported and the time. The parent terminates it when a file goes over
 * its budget and starts a fresh one for the next file.
 */
import { parentPort } from 'node:worker_threads';
import { initSyntax } from '../src/core/syntax';
import { reviewFiles } from '../src/core/review';
import { TreeIndexReader } from '../src/core';
import type { CorpusFinding } from './corpusLib';

export interface WorkerRequest {
  path: string;
  text: string;
  /** Headers the file includes, read for context (never reported on). */
  context?: Array<{ path: string; text: string }>;
  /** Where the file is in its tree, and a tree index to review it with. */
  abs?: string;
  index?: string;
}

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'done'; path: string; ms: number; findings: CorpusFinding[]; infos: number; limits: string[] }
  | { kind: 'failed'; path: string; ms: number; message: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('corpusWorker runs as a worker thread');
  await initSyntax();
  const indexes = new TreeIndexReader();
  port.on('message', async (req: WorkerRequest) => {
    const t0 = performance.now();
    try {
      const tree = req.index && req.abs ? indexes.forReview([req.abs], req.index).tree : undefined;
      const outcome = await reviewFiles([{ path: req.path, text: req.text }], { context: req.context, ...(tree ? { tree } : {}) });
      const ms = performance.now() - t0;
      const findings: CorpusFinding[] = [];
      let infos = 0;
      for (const f of outcome.result.findings) {
        if (f.severity === 'info') infos++;
        else findings.push({ path: req.path, function: f.function, rule: f.rule, line: f.line, severity: f.severity, message: f.message });
      }
      const reply: WorkerReply = { kind: 'done', path: req.path, ms, findings, infos, limits: outcome.result.limits };
      port.postMessage(reply);
    } catch (e) {
      port.postMessage({ kind: 'failed', path: req.path, ms: performance.now() - t0, message: (e as Error).message.split('\n')[0] } satisfies WorkerReply);
    }
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerReply);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
