/**
 * A review that follows its files as they change: each file's syntax tree is re-parsed
 * incrementally from the previous version, and the lock analysis re-explores only the functions
 * an edit changed and the callers whose summaries changed. Whether a full or an incremental
 * analysis is needed is decided here, not by the shells: new options or new files start afresh.
 */
import { analyzeLocks, type EngineResult } from './locks/engine';
import { reanalyzeLocks } from './locks/incremental';
import { engineOptions, reviewEngine, type ReviewOptions, type ReviewOutcome } from './review';
import { IncrementalTree, parseFile } from './syntax';
import { InputError, rejectText } from './input/validate';

export interface SourceFile {
  path: string;
  text: string;
}

export class Session {
  private readonly trees = new Map<string, IncrementalTree>();
  private engine?: EngineResult;
  private key?: string;
  /** Which functions the last update explored: all of them, or (incremental) the ones an edit reached. */
  explored: string[] = [];

  /** The review of `files` as they are now (every file of the review, each time). */
  async update(files: SourceFile[], options: ReviewOptions = {}): Promise<ReviewOutcome> {
    for (const f of files) {
      const why = rejectText(f.text, f.path);
      if (why) throw new InputError(why);
    }
    for (const [path, tree] of this.trees) {
      if (files.some((f) => f.path === path)) continue;
      tree.dispose();
      this.trees.delete(path);
    }
    // The tree index's facts are told apart by their stamp (the symbols' version), not spelled out each time.
    const key = JSON.stringify([{ ...options, tree: options.tree?.stamp }, files.map((f) => f.path)]);
    // Forget the analysis first: if this one throws, the next starts afresh.
    const prev = this.key === key ? this.engine : undefined;
    this.engine = undefined;
    const parsed = [];
    for (const f of files) {
      const tree = this.trees.get(f.path) ?? this.trees.set(f.path, new IncrementalTree()).get(f.path)!;
      parsed.push(await parseFile(f.path, f.text, tree));
    }
    if (prev) {
      const re = reanalyzeLocks(prev, parsed, options);
      this.engine = re.engine;
      this.explored = re.reexplored;
    } else {
      this.engine = analyzeLocks(parsed, engineOptions(options));
      this.explored = [...this.engine.analyses.keys()];
    }
    this.key = key;
    return reviewEngine(this.engine, options);
  }

  dispose(): void {
    for (const tree of this.trees.values()) tree.dispose();
    this.trees.clear();
    this.engine = undefined;
  }
}
