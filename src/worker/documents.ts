/**
 * The worker's per-document state: a core Session each, which keeps the last version's syntax
 * tree and lock analysis so that an edit re-explores only what it changed. A small LRU bounds
 * memory. When the document lies in a kernel tree that has an index, what other files do comes
 * from it.
 */
import { InputError, rejectText, Session, TreeIndexReader, type ReviewOptions } from '../core';
import { basename } from 'node:path';
import { toReviewData } from './reviewData';
import type { ReviewData } from './protocol';

const CAPACITY = 16;

export class Documents {
  private readonly states = new Map<string, Session>();
  /** The tree index of a document's kernel tree (lockflow index), read again only when rebuilt. */
  private readonly index = new TreeIndexReader();

  async review(doc: string, path: string, text: string, options: ReviewOptions): Promise<ReviewData> {
    const why = rejectText(text, basename(path));
    if (why) throw new InputError(why);
    const session = this.states.get(doc) ?? new Session();
    this.states.delete(doc); // re-insert: most recently used last
    this.states.set(doc, session);
    this.evict();
    const { tree } = this.index.forReview([path]);
    return toReviewData(await session.update([{ path, text }], tree ? { ...options, tree } : options));
  }

  forget(doc: string): void {
    this.states.get(doc)?.dispose();
    this.states.delete(doc);
  }

  private evict(): void {
    while (this.states.size > CAPACITY) this.forget(this.states.keys().next().value!);
  }
}
