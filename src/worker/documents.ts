/**
 * The worker's per-document state: a core Session each, which keeps the last version's syntax
 * tree and lock analysis so that an edit re-explores only what it changed. A small LRU bounds
 * memory.
 */
import { InputError, rejectText, Session, type ReviewOptions } from '../core';
import { basename } from 'node:path';
import { toReviewData } from './reviewData';
import type { ReviewData } from './protocol';

const CAPACITY = 16;

export class Documents {
  private readonly states = new Map<string, Session>();

  async review(doc: string, path: string, text: string, options: ReviewOptions): Promise<ReviewData> {
    const why = rejectText(text, basename(path));
    if (why) throw new InputError(why);
    const session = this.states.get(doc) ?? new Session();
    this.states.delete(doc); // re-insert: most recently used last
    this.states.set(doc, session);
    this.evict();
    return toReviewData(await session.update([{ path, text }], options));
  }

  forget(doc: string): void {
    this.states.get(doc)?.dispose();
    this.states.delete(doc);
  }

  private evict(): void {
    while (this.states.size > CAPACITY) this.forget(this.states.keys().next().value!);
  }
}
