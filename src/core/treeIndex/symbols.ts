/**
 * Joins the files' records into the tree's symbols: the summaries of
 * non-static functions with lock effects, the callers that hold locks, the
 * functions used as values and the lock orders. The join is kept as a state
 * each record adds to and can be taken out of again, so a re-index after one
 * file changed reads that file's old and new records, not every record.
 */
import type { FunctionSummary } from '../locks/summaryTypes';
import { INDEX_FORMAT, type FileRecord, type TreeCallers, type TreeCallSite, type TreeOrder, type TreeSummary, type TreeSymbols } from './types';

/** Sites kept per order pair: enough to cite, not every place. */
const SITES_PER_ORDER = 3;
/** Files with bare calls of a name remembered by path; past that, only how many (a bare call in two files already settles it). */
const BARE_FILES_KEPT = 3;

export interface JoinState {
  format: number;
  root: string;
  files: Record<string, { lines: number; cut: boolean }>;
  /** Non-static definitions by name, with the summary when it has lock effects. */
  defs: Record<string, Array<{ file: string; line: number; summary?: FunctionSummary }>>;
  /** Calls by callee: how many files call it under no lock (and the first of them), and the calls under locks. */
  calls: Record<string, { bare: number; bareFiles: string[]; held: Array<TreeCallSite & { file: string }> }>;
  valueUses: Record<string, number>;
  orders: TreeOrder[];
}

export function emptyJoin(root: string): JoinState {
  return { format: INDEX_FORMAT, root, files: {}, defs: {}, calls: {}, valueUses: {}, orders: [] };
}

/** Adds a file's record to the join (`sign` 1), or takes the same record out again (`sign` -1). */
export function applyRecord(state: JoinState, r: FileRecord, sign: 1 | -1): void {
  const file = r.path;
  if (sign > 0) state.files[file] = { lines: r.lines, cut: r.cut };
  else delete state.files[file];
  for (const fn of r.functions) {
    if (fn.isStatic) continue;
    const others = (state.defs[fn.name] ?? []).filter((d) => d.file !== file);
    const list = sign > 0 ? [...others, { file, line: fn.line, ...(fn.summary ? { summary: fn.summary } : {}) }] : others;
    if (list.length) state.defs[fn.name] = list;
    else delete state.defs[fn.name];
  }
  for (const [callee, c] of Object.entries(r.calls)) {
    const entry = state.calls[callee] ?? { bare: 0, bareFiles: [], held: [] };
    entry.held = entry.held.filter((s) => s.file !== file);
    if (sign > 0) entry.held.push(...c.held.map((s) => ({ ...s, file })));
    if (c.bare) {
      entry.bare = Math.max(0, entry.bare + sign);
      entry.bareFiles = entry.bareFiles.filter((f) => f !== file);
      if (sign > 0 && entry.bareFiles.length < BARE_FILES_KEPT) entry.bareFiles.push(file);
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

/** What reviews load: decided from the join as it stands. */
export function symbolsOf(state: JoinState): TreeSymbols {
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
  for (const o of [...state.orders].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
    const key = `${o.from}|${o.to}`;
    const sites = orders.get(key) ?? [];
    if (sites.length < SITES_PER_ORDER) orders.set(key, [...sites, o]);
  }
  const files = Object.entries(state.files);
  return {
    format: INDEX_FORMAT,
    root: state.root,
    files: files.length,
    lines: files.reduce((n, [, f]) => n + f.lines, 0),
    cut: files.filter(([, f]) => f.cut).map(([p]) => p).sort(),
    summaries: sortedRecord(summaries),
    callers: sortedRecord(callers),
    valueUsed: Object.keys(state.valueUses).filter((v) => defined.has(v)).sort(),
    orders: [...orders.values()].flat(),
  };
}

/** These records joined (a whole index, or shards merged). */
export function joinState(root: string, records: Iterable<FileRecord>): JoinState {
  const state = emptyJoin(root);
  for (const r of records) applyRecord(state, r, 1);
  return state;
}

/** The symbols of these records joined. */
export function joinRecords(root: string, records: Iterable<FileRecord>): TreeSymbols {
  return symbolsOf(joinState(root, records));
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
