/**
 * lock/order-inversion: a cycle in the lock-class order graph, across
 * functions and through callbacks, or against an order the kernel takes
 * elsewhere; reported lockdep-style with both chains. As lockdep, not a chain that waits on
 * an rwlock_t read with bottom halves off (no queued writer holds such a reader up) and then
 * holds that lock as a reader while it takes the next.
 */
import { knownOccurrences, lockOrderOccurrences, type OrderOccurrence } from '../lockOrder';
import { finding, type Rule } from '../context';
import type { Finding, LockScenario } from '../types';
import { byName } from '../../text/compare';

const MAX_CYCLE = 4;

function describe(o: OrderOccurrence): string {
  if (o.known && o.file) return `${o.function}() takes ${o.from} then ${o.to} (${o.known})`;
  if (o.known) return `the kernel takes ${o.from} then ${o.to} (${o.known})`;
  const via = o.chain.length ? ` in ${o.chain.map((c) => `${c}()`).join(' -> ')}${o.takenIn ? ` (${o.takenIn})` : ''}` : '';
  return `${o.function}() holds ${o.fromInst} (${o.from}, taken at line ${o.heldSince}) and takes ${o.toInst} (${o.to}) at line ${o.line}${via}`;
}

export const orderInversion: Rule = {
  id: 'lock/order-inversion',
  title: 'Two lock classes are taken in both orders',
  severity: 'error',
  check(ctx) {
    // Direct edges first, then by place, so a cycle is reported where the code itself takes the locks.
    const code = lockOrderOccurrences(ctx).sort((a, b) => a.chain.length - b.chain.length || byName(a.file, b.file) || a.line - b.line);
    const all = [...code, ...knownOccurrences(ctx)];
    const byFrom = new Map<string, OrderOccurrence[]>();
    for (const o of all) byFrom.set(o.from, [...(byFrom.get(o.from) ?? []), o]);
    const reported = new Set<string>();
    const out: Finding[] = [];
    for (const first of code) {
      const path = findPath(byFrom, first, MAX_CYCLE - 1);
      if (!path) continue;
      const cycle = [first, ...path];
      const key = [...new Set(cycle.map((o) => o.from))].sort().join('|');
      if (reported.has(key)) continue;
      reported.add(key);
      const classes = cycle.map((o) => o.from).concat(first.from);
      // A class named through a field whose type is not in view (`dentry.d_parent.d_lock`) may be
      // another name of one in the cycle: the cycle is said, not asserted. So is one whose every
      // order is taken, wherever it is taken, under one more global lock: none of them run at once.
      const sure = classes.every(resolvedClass);
      const gate = serialisedBy(cycle, all);
      out.push(
        finding({
          rule: 'lock/order-inversion',
          subject: { lock: key },
          severity: sure && !gate ? 'error' : 'info',
          file: first.file,
          line: first.line,
          function: first.function,
          message: gate
            ? `circular locking dependency ${classes.join(' -> ')}, serialised by ${gate}: ${cycle.map(describe).join('; while ')}; every place that takes these orders holds ${gate} all the while, so no two of them run at once.`
            : `possible circular locking dependency ${classes.join(' -> ')}: ${cycle.map(describe).join('; while ')}. Two threads taking these paths at once can deadlock.`,
          related: cycle.slice(1).filter((o) => o.file).map((o) => ({ file: o.file, line: o.line, message: `${o.function}() takes ${o.to} while holding ${o.from}` })),
          trace: cycle.filter((o) => !o.known).map((o) => ({ file: o.file, line: o.line, event: describe(o), held: [o.fromInst] })),
          scenario: scenarioOf(cycle),
          suggestion: `Take ${first.to} before ${first.from} in ${first.function}(), as ${path[0].known && !path[0].file ? 'the kernel does elsewhere' : `${path[0].function}() does`}, or drop ${first.fromInst} before taking ${first.toInst}.`,
        }),
      );
    }
    return out;
  },
};

/** One CPU per edge of the cycle: each takes its first lock, then each waits for its second. */
function scenarioOf(cycle: OrderOccurrence[]): LockScenario {
  const name = (inst: string) => (/[>.]/.test(inst) && !inst.startsWith('&') ? `&${inst}` : inst);
  return {
    cpus: cycle.length,
    steps: [...cycle.map((o, cpu) => ({ cpu, lock: name(o.fromInst) })), ...cycle.map((o, cpu) => ({ cpu, lock: name(o.toInst) }))],
  };
}

/**
 * A lock held all the while at every occurrence of every order in the cycle (each pair of
 * classes, wherever the code takes it): the cycle's steps are serialised by it. None when an
 * order comes from elsewhere (the knowledge, the tree index), where what is held is not known.
 */
function serialisedBy(cycle: OrderOccurrence[], all: OrderOccurrence[]): string | undefined {
  let common: string[] | undefined;
  for (const step of cycle) {
    for (const o of all) {
      if (o.from !== step.from || o.to !== step.to) continue;
      common = (common ?? o.under).filter((g) => o.under.includes(g) && g !== step.from && g !== step.to);
      if (!common.length) return undefined;
    }
  }
  return common?.sort(byName)[0];
}

/** `struct.field` from known types, or a global lock's name: a class lockdep would also see. */
function resolvedClass(cls: string): boolean {
  return /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?$/.test(cls);
}

/** A chain of order edges from `start` to `goal`, at most `max` long (breadth first, so the shortest). */
function findPath(byFrom: Map<string, OrderOccurrence[]>, first: OrderOccurrence, max: number): OrderOccurrence[] | undefined {
  const queue: Array<{ last: OrderOccurrence; path: OrderOccurrence[] }> = [{ last: first, path: [] }];
  const visited = new Set([stateOf(first)]);
  while (queue.length) {
    const { last, path } = queue.shift()!;
    if (path.length >= max) continue;
    for (const o of byFrom.get(last.to) ?? []) {
      if (!waitsThrough(last, o)) continue;
      if (o.to === first.from) {
        if (waitsThrough(o, first)) return [...path, o];
        continue;
      }
      if (visited.has(stateOf(o))) continue;
      visited.add(stateOf(o));
      queue.push({ last: o, path: [...path, o] });
    }
  }
  return undefined;
}

/** Where a search stands after an order: its lock, and whether it was taken as a recursive read. */
const stateOf = (o: OrderOccurrence) => `${o.to}|${o.recursiveRead ? 'r' : 'w'}`;

/**
 * Lockdep's rule for readers: a lock taken as a reader that waits for no queued writer, then held
 * as a reader while the next is taken, is no link of a deadlock; the wait on it ends when the
 * writer that holds it, outside this chain, lets go (two tasklets reading vcc_sklist_lock around
 * a device lock, in either order).
 */
function waitsThrough(into: OrderOccurrence, out: OrderOccurrence): boolean {
  return !(into.recursiveRead && out.fromShared);
}
