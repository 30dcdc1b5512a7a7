/**
 * The analysis worker (dist/analysisWorker.js): runs reviews off the extension host's thread.
 * Messages are handled one at a time, in order, so a document's state is never used by two
 * at once; every failure becomes a one-line error reply, never an exception out of the thread.
 */
import { parentPort } from 'node:worker_threads';
import { InputError, runTool } from '../core';
import { Documents } from './documents';
import { reviewPatchText } from './patchReview';
import type { FromWorker, ToWorker } from './protocol';
import { oneLine } from './oneLine';

const documents = new Documents();

async function handle(m: ToWorker): Promise<FromWorker | undefined> {
  try {
    if (m.kind === 'forget') return void documents.forget(m.doc);
    const value = m.kind === 'review' ? await documents.review(m.doc, m.path, m.text, m.options) : m.kind === 'tool' ? await runTool(m.name, m.input, m.root, m.options) : await reviewPatchText(m);
    return { id: m.id, ok: true, value };
  } catch (e) {
    return m.kind === 'forget' ? undefined : { id: m.id, ok: false, error: oneLine(e), input: e instanceof InputError };
  }
}

function reply(r: FromWorker): void {
  try {
    parentPort!.postMessage(r);
  } catch (e) {
    parentPort!.postMessage({ id: r.id, ok: false, error: `the result could not be sent: ${oneLine(e)}`, input: false } satisfies FromWorker);
  }
}

let queue = Promise.resolve();
parentPort?.on('message', (m: ToWorker) => {
  queue = queue.then(() => handle(m)).then((r) => r && reply(r));
});
