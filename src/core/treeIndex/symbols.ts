/**
 * Joins the files' records into the tree's symbols: the summaries of
 * non-static functions with lock effects, the callers that hold locks, the
 * functions used as values and the lock orders. A review loads this one
 * document, not every record.
 */
import { INDEX_FORMAT, type FileRecord, type TreeOrder, type TreeCallers, type TreeSummary, type TreeSymbols } from './types';

/** Sites kept per order pair: enough to cite, not every place. */
const SITES_PER_ORDER = 3;

export function joinRecords(root: string, records: Iterable<FileRecord>): TreeSymbols {
  const defs = new Map<string, TreeSummary[]>();
  const defined = new Set<string>();
  const callers = new Map<string, TreeCallers & { bareFiles: Set<string> }>();
  const valueUses = new Set<string>();
  const orders = new Map<string, TreeOrder[]>();
  const cut: string[] = [];
  let files = 0;
  let lines = 0;
  for (const r of records) {
    files++;
    lines += r.lines;
    if (r.cut) cut.push(r.path);
    for (const fn of r.functions) {
      if (fn.isStatic) continue;
      defined.add(fn.name);
      if (fn.summary) defs.set(fn.name, [...(defs.get(fn.name) ?? []), { file: r.path, line: fn.line, summary: fn.summary }]);
    }
    for (const [callee, c] of Object.entries(r.calls)) {
      const entry = callers.get(callee) ?? { held: [], bareFiles: new Set<string>() };
      if (c.bare) entry.bareFiles.add(r.path);
      for (const site of c.held) entry.held.push({ ...site, file: r.path });
      callers.set(callee, entry);
    }
    for (const v of r.valueUses) valueUses.add(v);
    for (const o of r.orders) {
      const key = `${o.from}|${o.to}`;
      const sites = orders.get(key) ?? [];
      if (sites.length < SITES_PER_ORDER) orders.set(key, [...sites, o]);
    }
  }
  const summaries: Record<string, TreeSummary> = {};
  // Two definitions of a name (per architecture or configuration) count only when they agree.
  for (const [name, list] of defs) if (list.every((d) => JSON.stringify(d.summary) === JSON.stringify(list[0].summary))) summaries[name] = list[0];
  const held: Record<string, TreeCallers> = {};
  for (const [name, c] of callers) {
    // Calls under no lock in two files: no review of one file can find a lock every caller holds.
    if (!defined.has(name) || !c.held.length || c.bareFiles.size > 1) continue;
    held[name] = { held: c.held, ...(c.bareFiles.size ? { bareIn: [...c.bareFiles][0] } : {}) };
  }
  return {
    format: INDEX_FORMAT,
    root,
    files,
    lines,
    cut: cut.sort(),
    summaries,
    callers: held,
    valueUsed: [...valueUses].filter((v) => defined.has(v)).sort(),
    orders: [...orders.values()].flat(),
  };
}
