/**
 * What the tree index keeps of each C file, and what it joins them into: the
 * facts a review of one file needs from all the others (callee summaries,
 * the locks callers hold, lock orders), small enough to load in a moment.
 */
import type { FunctionSummary } from '../locks/summaryTypes';
import type { TreeCallSite, TreeOrder, TreeSummary } from '../locks/treeFacts';

export type { TreeCallSite, TreeOrder, TreeSummary };

/** Bumped when a record's meaning changes: records of another format are re-made. */
export const INDEX_FORMAT = 33;

/**
 * Bumped when the join's or the symbols' layout changes (2: sharded by name; 3:
 * the orders in the head too): a join or symbols of another layout are made
 * again from the records, which stay.
 */
export const JOIN_FORMAT = 3;

/** A function other files can call (not static). */
export interface IndexedFunction {
  name: string;
  line: number;
  /** Always false in records made now (static functions stay in their file); kept for the join's check. */
  isStatic: boolean;
  params: string[];
  /** Only for a function with lock effects (takes, gives back, needs or sleeps): the others are plain calls. */
  summary?: FunctionSummary;
}

/** One file's contribution: what it defines, what it calls under which locks, the orders it takes. */
export interface FileRecord {
  format: number;
  /** Relative to the tree's root, with `/`. */
  path: string;
  /** sha256 of the text, with the index format and the knowledge it was made with. */
  hash: string;
  lines: number;
  /** Cut by the time budget or a bound: what it says is partial. */
  cut: boolean;
  limits: string[];
  functions: IndexedFunction[];
  /** Calls of functions this file does not define as static: the bare ones counted, those under locks listed. */
  calls: Record<string, { bare: number; held: TreeCallSite[] }>;
  /** Names used other than as a callee (ops tables, callbacks, pointers): who calls those cannot be seen. */
  valueUses: string[];
  /** Lock-class orders taken here, between classes every file names alike (`struct.field`, non-static globals). */
  orders: TreeOrder[];
}

/** The callers of a non-static function across the tree, kept only while some file could still see a common lock. */
export interface TreeCallers {
  /** Call sites under locks, each with its file. */
  held: Array<TreeCallSite & { file: string }>;
  /** The one file with calls under no lock (its own review sees those calls anew), if any. */
  bareIn?: string;
}

/** The joined facts of every file of the index. */
export interface TreeSymbols {
  format: number;
  root: string;
  files: number;
  lines: number;
  /** Files cut by the budget, by path. */
  cut: string[];
  summaries: Record<string, TreeSummary>;
  callers: Record<string, TreeCallers>;
  /** Functions some file uses as a value. */
  valueUsed: string[];
  orders: TreeOrder[];
}

/** What one shard of the symbols holds: the names of that shard (see shard.ts). */
export interface SymbolsShard {
  summaries: Record<string, TreeSummary>;
  callers: Record<string, TreeCallers>;
  valueUsed: string[];
  /** Up to a few sites per order pair, sorted by file and line. */
  orders: TreeOrder[];
}

/** The symbols' file: what the whole index covers, and which file holds each shard. */
export interface SymbolsHead {
  format: number;
  root: string;
  files: number;
  lines: number;
  cut: string[];
  /** Per shard: its file in `symbols/` (named by its content) and how much it holds, so counts need no shard read. */
  shards: Array<{ file: string; summaries: number; callers: number; orders: number }>;
  /** Every shard's orders (a few thousand on a whole tree): a review weighs them all, and reads only the shards of the names it meets. */
  orders: TreeOrder[];
}
