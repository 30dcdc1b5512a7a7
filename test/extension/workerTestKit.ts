/** Shared by the worker tests: a cancellation token as VS Code's behaves, and a scripted stand-in worker. */
import { Worker } from 'node:worker_threads';
import type { CancelToken } from '../../src/extension/analysisClient';

export class TestToken implements CancelToken {
  isCancellationRequested = false;
  private readonly listeners = new Set<() => unknown>();

  onCancellationRequested(listener: () => unknown) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  cancel(): void {
    this.isCancellationRequested = true;
    for (const l of [...this.listeners]) l();
  }
}

/**
 * A worker that answers by the request's text: 'spin' never returns (a synchronous analysis
 * that runs away), 'die' ends the thread, 'throw' throws out of the handler; anything else
 * is echoed back as the value, with every message the thread has received so far.
 */
const SCRIPTED = `
const { parentPort } = require('node:worker_threads');
const seen = [];
parentPort.on('message', (m) => {
  seen.push(m);
  if (m.kind === 'forget') return;
  if (m.text === 'spin') for (;;) {}
  if (m.text === 'die') process.exit(3);
  if (m.text === 'throw') throw new Error('boom\\n    at somewhere');
  parentPort.postMessage({ id: m.id, ok: true, value: { seen } });
});
`;

/** A factory for scripted workers that counts how many it started. */
export function scriptedWorkers(): { spawn: () => Worker; started: () => number } {
  let n = 0;
  return {
    spawn: () => {
      n++;
      return new Worker(SCRIPTED, { eval: true });
    },
    started: () => n,
  };
}

export const reviewOf = (doc: string, text: string) => ({ kind: 'review', doc, path: `/w/${doc}`, text, options: {} }) as const;
