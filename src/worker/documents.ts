/**
 * The worker's per-document state: the syntax tree of the last version (re-parsed incrementally)
 * and the last lock analysis, so that an edit re-explores only the functions it changed and the
 * callers whose summaries changed. A small LRU bounds memory; an analysis made under other
 * options is not reused.
 */
import { analyzeLocks, type EngineResult } from '../core/locks/engine';
import { reanalyzeLocks } from '../core/locks/incremental';
import { engineOptions, reviewEngine, type ReviewOptions } from '../core/review';
import { IncrementalTree, parseFile } from '../core/syntax';
import { InputError, rejectText } from '../core/input/validate';
import { basename } from 'node:path';
import { toReviewData } from './reviewData';
import type { ReviewData } from './protocol';

const CAPACITY = 16;

interface DocumentState {
  tree: IncrementalTree;
  engine?: EngineResult;
  optionsKey?: string;
}

export class Documents {
  private readonly states = new Map<string, DocumentState>();

  async review(doc: string, path: string, text: string, options: ReviewOptions): Promise<ReviewData> {
    const why = rejectText(text, basename(path));
    if (why) throw new InputError(why);
    const state = this.states.get(doc) ?? { tree: new IncrementalTree() };
    this.states.delete(doc); // re-insert: most recently used last
    this.states.set(doc, state);
    this.evict();
    const optionsKey = JSON.stringify(options);
    // Forget the analysis first: if this one throws, the next starts afresh.
    const prev = state.optionsKey === optionsKey ? state.engine : undefined;
    state.engine = undefined;
    const parsed = await parseFile(path, text, state.tree);
    const engine = prev ? reanalyzeLocks(prev, [parsed], options).engine : analyzeLocks([parsed], engineOptions(options));
    Object.assign(state, { engine, optionsKey });
    return toReviewData(reviewEngine(engine, options));
  }

  forget(doc: string): void {
    this.states.get(doc)?.tree.dispose();
    this.states.delete(doc);
  }

  private evict(): void {
    while (this.states.size > CAPACITY) this.forget(this.states.keys().next().value!);
  }
}
