/**
 * The engine's summaries: those of the functions in view, set as they are
 * made, and behind them those the tree index has of other files' functions,
 * found by name when a walk first meets a call (a whole tree has tens of
 * thousands; a file calls a few hundred). Iterating gives those in view alone.
 */
import type { FunctionSummary } from './summaryTypes';

export class TreeSummaryMap extends Map<string, FunctionSummary> {
  private readonly fromTree = new Map<string, FunctionSummary | undefined>();

  constructor(private readonly lookup: (name: string) => FunctionSummary | undefined) {
    super();
  }

  override get(name: string): FunctionSummary | undefined {
    return super.get(name) ?? this.tree(name);
  }

  override has(name: string): boolean {
    return super.has(name) || this.tree(name) !== undefined;
  }

  private tree(name: string): FunctionSummary | undefined {
    // Kept once found: the same object for every call, as when they were all made up front.
    if (!this.fromTree.has(name)) this.fromTree.set(name, this.lookup(name));
    return this.fromTree.get(name);
  }
}
