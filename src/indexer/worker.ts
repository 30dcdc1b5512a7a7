/**
 * A worker thread of `lockflow index`: analyses one file per message and posts
 * back its record. Nothing of a file outlives its message (trees, analyses):
 * the worker's memory is one file's worth.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { fileRecord } from '../core';
import type { IndexJob, IndexWorkerInit, IndexWorkerReply } from './protocol';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('the index worker runs as a worker thread');
  const init = workerData as IndexWorkerInit;
  port.on('message', async (job: IndexJob) => {
    const t0 = performance.now();
    try {
      const text = readFileSync(job.abs, 'utf8');
      const record = await fileRecord(job.path, text, job.hash, { knowledge: init.knowledge, timeBudgetMs: job.budgetMs });
      port.postMessage({ kind: 'done', record, ms: performance.now() - t0 } satisfies IndexWorkerReply);
    } catch (e) {
      port.postMessage({ kind: 'failed', path: job.path, message: (e as Error).message.split('\n')[0] } satisfies IndexWorkerReply);
    }
  });
  port.postMessage({ kind: 'ready' } satisfies IndexWorkerReply);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
