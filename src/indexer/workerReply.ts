/** One request to a worker thread and its reply, or why none came: over the deadline, or the worker died. */
import type { Worker } from 'node:worker_threads';

export type NoReply = { kind: 'timeout' } | { kind: 'crashed'; message: string };

/** Posts `message` and waits for the worker's next message, at most `deadlineMs`. */
export function askWorker<R>(w: Worker, message: unknown, deadlineMs: number): Promise<R | NoReply> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish({ kind: 'timeout' }), deadlineMs);
    const onMsg = (m: R) => finish(m);
    const onErr = (e: Error) => finish({ kind: 'crashed', message: e.message.split('\n')[0] });
    const onExit = (code: number) => finish({ kind: 'crashed', message: `worker exited with code ${code}` });
    function finish(m: R | NoReply) {
      clearTimeout(timer);
      w.off('message', onMsg);
      w.off('error', onErr);
      w.off('exit', onExit);
      resolve(m);
    }
    w.on('message', onMsg);
    w.on('error', onErr);
    w.on('exit', onExit);
    w.postMessage(message);
  });
}

/** The worker once it has said `{ kind: 'ready' }` (its grammar loaded), or its start-up error. */
export function whenReady(w: Worker): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: { kind?: string }) => {
      if (m.kind !== 'ready') return;
      w.off('message', onMsg);
      w.off('error', reject);
      resolve(w);
    };
    w.on('message', onMsg);
    w.once('error', reject);
  });
}
