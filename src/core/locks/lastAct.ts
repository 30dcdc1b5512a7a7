/**
 * A lock taken as a path's last act: between the statement that takes it and
 * the function's end nothing runs (no statement, no test, no call in the
 * returned value). Such a path does no work under the lock; it takes it for
 * its caller, as a lock wrapper does (`if (!has_x) return; ... mutex_lock(&x->lock); break;`).
 */
import type { Cfg, CfgItem } from '../cfg';
import type { ParsedFile } from '../syntax';
import { callsInOrder } from './expr';
import type { PathEnd } from './explore';
import { acquiredAt } from './handOff';

/** The statement on `line` that takes the lock: its block and place in it. */
function statementAt(cfg: Cfg, file: ParsedFile, line: number): { block: number; index: number } | undefined {
  for (const b of cfg.blocks) {
    if (!b.reachable) continue;
    const index = b.items.findIndex((it) => it.kind === 'stmt' && file.lines.line(it.node.start) <= line && line <= file.lines.line(it.node.end));
    if (index >= 0) return { block: b.id, index };
  }
  return undefined;
}

/** An item that does nothing but leave: a return whose value calls nothing. */
function onlyLeaves(item: CfgItem): boolean {
  return item.kind === 'return' && (!item.value || !callsInOrder(item.value).length);
}

/** Whether every way on from the statement on `line` reaches the end with nothing run. */
export function takenAsLastAct(cfg: Cfg, file: ParsedFile, line: number): boolean {
  const at = statementAt(cfg, file, line);
  if (!at) return false;
  if (!cfg.blocks[at.block].items.slice(at.index + 1).every(onlyLeaves)) return false;
  const seen = new Set<number>([at.block]);
  const todo = cfg.blocks[at.block].succ.map((e) => e.to);
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const b = cfg.blocks[id];
    // A test or another turn of a loop reads or does more under the lock.
    if (b.cond || b.loopMacro || !b.items.every(onlyLeaves)) return false;
    todo.push(...b.succ.map((e) => e.to));
  }
  return true;
}

/** Every path holding `inst` at its end took it last and never released it on the way: it takes it for its caller. */
export function takenForCaller(cfg: Cfg, file: ParsedFile, held: readonly PathEnd[], inst: string): boolean {
  return held.every((e) => {
    const taken = acquiredAt(e, inst);
    return !!taken && !e.events.some((ev) => ev.kind === 'release' && ev.lock === inst) && takenAsLastAct(cfg, file, taken.line);
  });
}
