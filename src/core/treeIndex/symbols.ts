/**
 * Joins the files' records into the tree's symbols: the summaries of
 * non-static functions with lock effects, the callers that hold locks, the
 * functions used as values and the lock orders. The join is kept as a state
 * each record adds to and can be taken out of again, so a re-index after one
 * file changed reads that file's old and new records, not every record, and
 * only the shards of the join their names lie in (shard.ts).
 */
import type { FunctionSummary } from '../locks/summaryTypes';
import { orderKey, shardOf, SHARDS } from './shard';
import { JOIN_FORMAT, type FileRecord, type SymbolsShard, type TreeCallers, type TreeCallSite, type TreeOrder, type TreeSummary, type TreeSymbols } from './types';

/** Sites kept per order pair: enough to cite, not every place. */
const SITES_PER_ORDER = 3;
/** Files with bare calls of a name remembered by path; past that, only how many (a bare call in two files already settles it). */
const BARE_FILES_KEPT = 3;

export interface JoinState {
  /** Non-static definitions by name, with the summary when it has lock effects. */
  defs: Record<string, Array<{ file: string; line: number; summary?: FunctionSummary }>>;
  /** Calls by callee: how many files call it under no lock (and the first of them), and the calls under locks. */
  calls: Record<string, { bare: number; bareFiles: string[]; held: Array<TreeCallSite & { file: string }> }>;
  valueUses: Record<string, number>;
  orders: TreeOrder[];
}

export function emptyJoin(): JoinState {
  return { defs: {}, calls: {}, valueUses: {}, orders: [] };
}

/** Adds a file's record to the join (`sign` 1), or takes the same record out again (`sign` -1). */
export function applyRecord(state: JoinState, r: FileRecord, sign: 1 | -1): void {
  const file = r.path;
  for (const fn of r.functions) {
    if (fn.isStatic) continue;
    const others = (state.defs[fn.name] ?? []).filter((d) => d.file !== file);
    const list = sign > 0 ? inFileOrder(others, [{ file, line: fn.line, ...(fn.summary ? { summary: fn.summary } : {}) }], file) : others;
    if (list.length) state.defs[fn.name] = list;
    else delete state.defs[fn.name];
  }
  for (const [callee, c] of Object.entries(r.calls)) {
    const entry = state.calls[callee] ?? { bare: 0, bareFiles: [], held: [] };
    entry.held = entry.held.filter((s) => s.file !== file);
    if (sign > 0) entry.held = inFileOrder(entry.held, c.held.map((s) => ({ ...s, file })), file);
    if (c.bare) {
      entry.bare = Math.max(0, entry.bare + sign);
      entry.bareFiles = entry.bareFiles.filter((f) => f !== file);
      // The first files by path, as a join in path order keeps them.
      if (sign > 0) entry.bareFiles = inFileOrder(entry.bareFiles.map((f) => ({ file: f })), [{ file }], file).slice(0, BARE_FILES_KEPT).map((f) => f.file);
    }
    if (entry.bare || entry.held.length) state.calls[callee] = entry;
    else delete state.calls[callee];
  }
  for (const v of r.valueUses) {
    const n = (state.valueUses[v] ?? 0) + sign;
    if (n > 0) state.valueUses[v] = n;
    else delete state.valueUses[v];
  }
  state.orders = state.orders.filter((o) => o.file !== file);
  if (sign > 0) state.orders.push(...r.orders.map((o) => ({ ...o, file })));
}

/**
 * A file's items placed among the others by path, as a join of every record in path order has them:
 * the join after a file changed is the same as one made afresh (a name's first definition is the summary's).
 */
function inFileOrder<T extends { file: string }>(list: T[], items: T[], file: string): T[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].file <= file) lo = mid + 1;
    else hi = mid;
  }
  if (lo === list.length) {
    list.push(...items);
    return list;
  }
  return [...list.slice(0, lo), ...items, ...list.slice(lo)];
}

/**
 * Drops the calls and value uses of names no file defines (header inlines, macros): what is
 * kept between runs. Only once every record is in (a record joined before the
 * one that defines a name would lose its calls). A name that becomes a
 * definition later with no caller changing (an inline moved into a .c file)
 * has its callers back when the join is redone from the records.
 */
export function pruneJoin(state: JoinState): void {
  for (const name of Object.keys(state.calls)) if (!state.defs[name]) delete state.calls[name];
  for (const name of Object.keys(state.valueUses)) if (!state.defs[name]) delete state.valueUses[name];
}

/** What reviews load of these names (the whole join, or one shard of it): decided from the join as it stands. */
export function shardSymbols(state: JoinState): SymbolsShard {
  const summaries: Record<string, TreeSummary> = {};
  const defined = new Set(Object.keys(state.defs));
  for (const [name, list] of Object.entries(state.defs)) {
    // Two definitions of a name (per architecture or configuration) count only when they agree.
    const first = list[0];
    if (!first.summary || !list.every((d) => d.summary && JSON.stringify(d.summary) === JSON.stringify(first.summary))) continue;
    summaries[name] = { file: first.file, line: first.line, summary: first.summary };
  }
  const callers: Record<string, TreeCallers> = {};
  for (const [name, c] of Object.entries(state.calls)) {
    // Calls under no lock in two files (or in one no longer known by name): no review of one file can find a lock every caller holds.
    if (!defined.has(name) || !c.held.length || c.bare > 1 || (c.bare === 1 && c.bareFiles.length !== 1)) continue;
    callers[name] = { held: [...c.held].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line), ...(c.bare ? { bareIn: c.bareFiles[0] } : {}) };
  }
  const orders = new Map<string, TreeOrder[]>();
  for (const o of [...state.orders].sort(bySite)) {
    const key = orderKey(o);
    const sites = orders.get(key) ?? [];
    if (sites.length < SITES_PER_ORDER) orders.set(key, [...sites, o]);
  }
  return {
    summaries: sortedRecord(summaries),
    callers: sortedRecord(callers),
    valueUsed: Object.keys(state.valueUses).filter((v) => defined.has(v)).sort(),
    orders: [...orders.values()].flat(),
  };
}

/** What the index covers, from each file's lines and whether a bound cut it. */
export function coverage(files: Iterable<[string, { lines: number; cut?: unknown }]>): Pick<TreeSymbols, 'files' | 'lines' | 'cut'> {
  const all = [...files];
  return { files: all.length, lines: all.reduce((n, [, f]) => n + f.lines, 0), cut: all.filter(([, f]) => f.cut).map(([p]) => p).sort() };
}

/** The symbols of every shard as one: the same whichever shards were made when. */
export function assembleSymbols(root: string, covered: Pick<TreeSymbols, 'files' | 'lines' | 'cut'>, shards: SymbolsShard[]): TreeSymbols {
  return {
    format: JOIN_FORMAT,
    root,
    ...covered,
    summaries: sortedRecord(Object.assign({}, ...shards.map((s) => s.summaries)) as Record<string, TreeSummary>),
    callers: sortedRecord(Object.assign({}, ...shards.map((s) => s.callers)) as Record<string, TreeCallers>),
    valueUsed: shards.flatMap((s) => s.valueUsed).sort(),
    orders: orderGroups(shards),
  };
}

/** The shards' orders: each pair's sites together, the pairs by their first site, as the unsharded join listed them. */
export function orderGroups(shards: Array<Pick<SymbolsShard, 'orders'>>): TreeOrder[] {
  const groups = new Map<string, TreeOrder[]>();
  for (const s of shards) for (const o of s.orders) groups.set(orderKey(o), [...(groups.get(orderKey(o)) ?? []), o]);
  return [...groups.values()].sort((a, b) => bySite(a[0], b[0]) || orderKey(a[0]).localeCompare(orderKey(b[0]))).flat();
}

/** The join split by the shard of each name: `only` lists the shards wanted (all when absent). */
export function splitJoin(state: JoinState, only?: Iterable<number>): Map<number, JoinState> {
  const out = new Map<number, JoinState>();
  for (const i of only ?? Array.from({ length: SHARDS }, (_, k) => k)) out.set(i, emptyJoin());
  const part = (key: string) => out.get(shardOf(key));
  for (const [name, list] of Object.entries(state.defs)) {
    const p = part(name);
    if (p) p.defs[name] = list;
  }
  for (const [name, c] of Object.entries(state.calls)) {
    const p = part(name);
    if (p) p.calls[name] = c;
  }
  for (const [name, n] of Object.entries(state.valueUses)) {
    const p = part(name);
    if (p) p.valueUses[name] = n;
  }
  for (const o of state.orders) part(orderKey(o))?.orders.push(o);
  // By file, each file's in its record's order: the same whichever order the shards were read and the records joined in.
  for (const p of out.values()) p.orders.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return out;
}

/** A shard read back into the join held in memory (its names are in no other shard). */
export function mergeJoin(into: JoinState, part: JoinState): void {
  Object.assign(into.defs, part.defs);
  Object.assign(into.calls, part.calls);
  Object.assign(into.valueUses, part.valueUses);
  into.orders.push(...part.orders);
}

/** These records joined (a whole index, or shards merged). */
export function joinState(records: Iterable<FileRecord>): JoinState {
  const state = emptyJoin();
  for (const r of records) applyRecord(state, r, 1);
  return state;
}

/** The symbols of these records joined. */
export function joinRecords(root: string, records: Iterable<FileRecord>): TreeSymbols {
  const all = [...records];
  return assembleSymbols(root, coverage(all.map((r) => [r.path, r])), [shardSymbols(joinState(all))]);
}

function bySite(a: TreeOrder, b: TreeOrder): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
