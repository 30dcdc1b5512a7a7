/**
 * One C file as the tree index keeps it: analysed alone, then reduced to what
 * other files' reviews need of it. Its trees and analyses are dropped once
 * the record exists, so indexing holds one file's worth of memory per worker.
 */
import { createHash } from 'node:crypto';
import { parseFile, walk, type ParsedFile } from '../syntax';
import { analyzeLocks, globalNames, type EngineOptions } from '../locks/engine';
import { calleeInst, forEachValueUse } from '../locks/entry';
import { isLockWrapper } from '../locks/facts';
import { RETURNED } from '../locks/identity';
import type { FunctionSummary } from '../locks/summaryTypes';
import type { Held } from '../locks/state';
import { withDistinctNames } from '../review/distinctNames';
import { classedByKnowledge, type Knowledge } from '../knowledge';
import { INDEX_FORMAT, type FileRecord, type TreeCallSite, type TreeOrder } from './types';

/** A class every file names alike: `struct.field` (a file's `*lock` or local names only its own). */
const SHARED_CLASS = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;
const MACRO = /^[A-Z_][A-Z0-9_]*$/;
const MAX_RECORD_LIMITS = 20;

/** The content key of a file's record: its text, the index format and what else changes a record (version, knowledge). */
export function recordHash(text: string, salt: string): string {
  return createHash('sha256').update(`${INDEX_FORMAT}\u0000${salt}\u0000`).update(text).digest('hex');
}

/** Whether a summary says anything a caller's walk would use. */
export function hasLockEffects(s: FunctionSummary): boolean {
  return s.effects.length > 0 || s.requires.length > 0 || s.takes.length > 0 || s.sleeps !== null;
}

export async function fileRecord(path: string, text: string, hash: string, options: EngineOptions = {}): Promise<FileRecord> {
  const [file] = withDistinctNames([await parseFile(path, text)]);
  const engine = analyzeLocks([file], options);
  const ownStatic = new Set(file.functions.filter((f) => f.isStatic).map((f) => f.name));
  const globals = globalNames([file], engine.knowledge);
  const calls: FileRecord['calls'] = {};
  const orders: TreeOrder[] = [];
  let cut = false;
  for (const a of engine.analyses.values()) {
    cut ||= a.truncated;
    for (const site of a.callSites) {
      // Lock primitives and the calls the knowledge classes (logging, list helpers) are not looked up in the tree; an all-capitals name is a macro.
      if (!IDENTIFIER.test(site.callee) || ownStatic.has(site.callee) || MACRO.test(site.callee) || classedByKnowledge(engine.knowledge, site.callee, true)) continue;
      const entry = (calls[site.callee] ??= { bare: 0, held: [] });
      // Only the locks a callee could name (through an argument, or a global or context): a call under none of them is bare for it.
      const params = site.args.map((_, i) => `$${i}`);
      const held = site.held.filter((h) => !h.detached && calleeInst(h, site, params, globals) !== undefined).map(heldForCallee);
      if (!held.length) entry.bare++;
      else entry.held.push({ caller: a.fn.name, line: site.line, args: site.args, ...(site.argLocals ? { argLocals: site.argLocals } : {}), held } satisfies TreeCallSite);
    }
    for (const e of a.orderEdges) {
      if (SHARED_CLASS.test(e.from.cls) && SHARED_CLASS.test(e.to.cls) && e.from.cls !== e.to.cls) orders.push({ from: e.from.cls, to: e.to.cls, file: path, function: a.fn.name, line: e.line });
    }
  }
  const limits = [...file.limits, ...engine.limits];
  const wrapper = (name: string) => {
    const where = engine.graph.functions.get(name);
    return !!where && isLockWrapper(where.fn, where.file, engine.knowledge, engine.summaries);
  };
  return {
    format: INDEX_FORMAT,
    path,
    hash,
    lines: file.lines.lineCount,
    cut: cut || engine.limits.length > 0,
    limits: limits.slice(0, MAX_RECORD_LIMITS),
    // Only what other files can call: a static function is this file's own.
    functions: file.functions.filter((fn) => !fn.isStatic).map((fn) => {
      const found = engine.summaries.get(fn.name);
      const summary = found && exported(found, fn.annotations.some((a) => HANDOFF_ANNOTATIONS.has(a.kind)), wrapper);
      return { name: fn.name, line: fn.line, isStatic: fn.isStatic, params: fn.params.map((p) => p.name), ...(summary && hasLockEffects(summary) ? { summary } : {}) };
    }),
    calls,
    valueUses: valueUsesOf(file, engine.knowledge),
    orders: uniqueOrders(orders),
  };
}

const HANDOFF_ANNOTATIONS = new Set(['__acquires', '__releases']);

/**
 * What other files are told a function does with locks. A lock it leaves taken
 * or gives back on every path is told only when that is its job: a lock wrapper
 * (`lock_two_nondirectories()`, itself or through wrappers), an annotated
 * hand-off, a returned object it locks, or a lock held by its result (`mddev_lock()`). Any other function seen
 * leaving a lock taken is more likely one whose unlock is out of this file's
 * view (a header's `task_rq_unlock()`): told, that would spread as a leak into
 * every caller. What it takes on the way, and where it sleeps, is told.
 */
function exported(s: FunctionSummary, annotated: boolean, wrapper: (name: string) => boolean): FunctionSummary {
  if (annotated) return s;
  // A wrapper's lock taken through other functions counts when each of them is a wrapper too (`sched_post_fork()`
  // only calls a function that leaves a lock taken: that one is not a wrapper, its unlock is out of view).
  const job = wrapper(s.name);
  // Taken by the function itself, or through wrappers only (where it was taken says how: a take's chain).
  const ownTake = (e: FunctionSummary['effects'][number]) => s.takes.some((t) => t.ref.path === e.ref.path && t.ref.param === e.ref.param && t.chain.every(wrapper));
  // Its ways by tests (summary cases) say what it leaves taken too: told only of a wrapper.
  const { cases, ...rest } = s;
  return {
    ...rest,
    effects: s.effects.filter((e) => e.ref.param === RETURNED || e.when !== 'always' || (job && e.chain.every(wrapper) && (e.op === 'release' || ownTake(e)))),
    ...(job && cases ? { cases } : {}),
  };
}

/** What a callee's entry context keeps of a caller's hold: the lock and its kind (the rest is the caller's walk). */
function heldForCallee(h: Held): Held {
  const { inst, cls, kind, sleeps, atomic, shared, line, origin, count } = h;
  return { inst, cls, kind, sleeps, atomic, shared, line, origin, count, ...(h.nested ? { nested: true } : {}) };
}

/** Names this file uses as values that could be functions: not variables it declares. */
function valueUsesOf(file: ParsedFile, knowledge: Knowledge): string[] {
  const declared = new Set<string>(file.globals.keys());
  walk(file.root, (n) => {
    if (n.type === 'identifier' && n.parent && /declarator|declaration/.test(n.parent.type) && n.parent.type !== 'function_declarator') declared.add(file.text.slice(n.start, n.end));
    return true;
  });
  const out = new Set<string>();
  forEachValueUse(file, knowledge, (name) => /[a-z]/.test(name) && !declared.has(name), (name) => out.add(name));
  return [...out].sort();
}

function uniqueOrders(orders: TreeOrder[]): TreeOrder[] {
  const seen = new Set<string>();
  return orders.filter((o) => {
    const key = `${o.from}|${o.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
