/**
 * lock/irq-unsafe: a spinlock an interrupt handler takes, held elsewhere with that
 * interrupt able to arrive (lockdep's "inconsistent lock state"): a hard interrupt
 * handler takes it, and a process-context path holds it with interrupts on; or a
 * softirq (a timer, a tasklet, an RCU callback) takes it, and a process-context
 * path holds it with bottom halves on. The interrupt comes on the CPU that holds
 * the lock and spins on it for ever.
 *
 * Interrupt context is where the kernel says it calls a function (registrar
 * contexts: request_irq()'s handler runs with interrupts off, timer_setup()'s
 * callback in softirq), and a helper only such functions call. Process context
 * with interrupts on is a function the kernel calls so (processContexts: a work
 * item, a file operation, a driver's probe; a sysfs show or store), one that
 * sleeps whatever its arguments (sleeping with them off is a bug of its own),
 * or a helper only such functions call where nothing they hold turned
 * interrupts off. A take is safe where its own primitive
 * (`spin_lock_irqsave()`, `spin_lock_bh()`), a lock held before it, or
 * `local_irq_save()` turned them off, and in a function that keeps the handler
 * from running (`disable_irq()`). Two read sides of a rwlock do not wait for
 * each other. One finding per lock class, at the first take that is not safe.
 */
import { BH_OFF, IRQS_OFF } from '../../knowledge';
import { walk } from '../../syntax';
import { calleeName } from '../../syntax/kernelIdioms';
import { attributeCallbacks, handlerContexts, processCallbacks, type HandlerContext } from '../../locks/entry';
import type { FunctionAnalysis } from '../../locks/explore';
import type { Held } from '../../locks/state';
import type { AcquireSeen, WatchedIncident, WatcherKind } from '../../locks/watch';
import { finding, toTrace, type ReviewContext, type Rule } from '../context';
import type { Finding } from '../types';

const ID = 'lock/irq-unsafe';
/** Rounds of handing a context down to helpers (a chain of helpers deeper than this keeps none). */
const MAX_ROUNDS = 6;

/** One take of a spinlock as the walk saw it. */
interface IrqTake extends WatchedIncident {
  cls: string;
  shared: boolean;
  trylock: boolean;
  /** Interrupts (bottom halves) on while it is held: nothing held before, nor its primitive, turned them off. */
  irqsOn: boolean;
  bhOn: boolean;
  text: string;
}

const SPINNING = new Set(['spinlock', 'rwlock']);

function irqsOff(held: readonly Held[]): boolean {
  return held.some((h) => h.irqsOff || h.inst === IRQS_OFF);
}

function bhOff(held: readonly Held[]): boolean {
  return held.some((h) => h.bhOff || h.inst === BH_OFF);
}

const takeWatcher: WatcherKind = {
  id: ID,
  create() {
    const kept: IrqTake[] = [];
    return {
      acquire(seen: AcquireSeen) {
        if (!SPINNING.has(seen.meta.kind)) return;
        const irqsOn = !seen.meta.irqsOff && !irqsOff(seen.held);
        const bhOn = irqsOn && !seen.meta.bhOff && !bhOff(seen.held);
        // One take per class and way of taking it: a trylock only where no full take is kept.
        if (kept.some((k) => k.cls === seen.cls && k.irqsOn === irqsOn && k.bhOn === bhOn && k.shared === seen.meta.shared && (!k.trylock || seen.trylock))) return;
        kept.push({ line: seen.line, lock: seen.inst, cls: seen.cls, shared: seen.meta.shared, trylock: seen.trylock, irqsOn, bhOn, text: seen.text, chain: seen.chain, message: '', events: seen.events() });
      },
      incidents: () => kept,
    };
  },
};

/** Where a function runs: an interrupt (`hard` or `soft`), or process context with interrupts on (and bottom halves, `bhOn`). */
type Where = HandlerContext | { irq: 'none'; bhOn: boolean; why: string };

export const irqUnsafeLock: Rule = {
  id: ID,
  title: 'A lock an interrupt handler takes is held elsewhere with that interrupt on',
  severity: 'warning',
  watch: takeWatcher,
  check(ctx) {
    const where = contexts(ctx);
    const inIrq = new Map<string, { a: FunctionAnalysis; take: IrqTake; irq: 'hard' | 'soft'; why: string }>();
    const exposed: Array<{ a: FunctionAnalysis; take: IrqTake; bhOn: boolean; why: string }> = [];
    for (const a of ctx.analyses) {
      const w = where.get(a.fn.name);
      if (!w) continue;
      for (const take of (a.watched.get(ID) ?? []) as IrqTake[]) {
        if (!namedClass(take.cls, a)) continue;
        if (w.irq !== 'none') {
          const before = inIrq.get(take.cls);
          if (!take.trylock && (!before || (before.irq === 'soft' && w.irq === 'hard') || (before.take.shared && !take.shared))) inIrq.set(take.cls, { a, take, irq: w.irq, why: w.why });
        } else if (take.irqsOn) exposed.push({ a, take, bhOn: take.bhOn && w.bhOn, why: w.why });
      }
    }
    const out: Finding[] = [];
    const told = new Set<string>();
    for (const e of exposed) {
      const handler = inIrq.get(e.take.cls);
      if (!handler || told.has(e.take.cls) || (handler.take.shared && e.take.shared)) continue;
      // A softirq only runs where bottom halves are on.
      if (handler.irq === 'soft' && !e.bhOn) continue;
      told.add(e.take.cls);
      const h = handler.a.fn.name;
      const kind = handler.irq === 'hard' ? 'interrupt handler' : 'softirq callback';
      const fix = handler.irq === 'hard' ? 'spin_lock_irqsave()' : 'spin_lock_bh()';
      out.push(
        finding({
          rule: ID,
          subject: { lock: e.take.lock, variable: e.take.cls },
          severity: 'warning',
          file: e.a.file.path,
          line: e.take.line,
          function: e.a.fn.name,
          message: `${e.a.fn.name}() takes ${e.take.lock} (class ${e.take.cls}) with ${handler.irq === 'hard' ? 'interrupts' : 'bottom halves'} on at line ${e.take.line} (${e.take.text}), and ${e.why}; ${h}() takes a lock of that class at line ${handler.take.line} as ${handler.why}: if it runs on this CPU while ${e.a.fn.name}() holds the lock, it spins on it for ever`,
          trace: toTrace(e.take.events, e.a.file.path),
          related: [{ file: handler.a.file.path, line: handler.take.line, message: `${h}(), a ${kind}, takes ${handler.take.lock} here` }],
          suggestion: `Take ${e.take.lock} with ${fix} here (and its unlock twin), as every lock the ${kind} takes must be taken where that ${kind} cannot run.`,
        }),
      );
    }
    return out;
  },
};

/** A lock class that stands for the same lock wherever it is taken: a struct's member or a global, not a local's. */
function namedClass(cls: string, a: FunctionAnalysis): boolean {
  return cls.includes('.') || a.file.globals.has(cls);
}

/** Where each function runs, as far as the kernel's word and the sleeps say; the others are left out. */
function contexts(ctx: ReviewContext): Map<string, Where> {
  const { knowledge, graph, files, summaries, envs } = ctx.engine;
  const disablesHandlers = handlerDisablers(ctx);
  const out = new Map<string, Where>();
  for (const [name, where] of handlerContexts(files, graph, knowledge, envs)) out.set(name, where);
  // What the kernel calls in process context (a work item, a file operation, a sysfs store), with interrupts on.
  const process = processCallbacks(files, new Set(graph.functions.keys()), knowledge);
  for (const [name, why] of attributeCallbacks(files, knowledge)) if (!process.has(name)) process.set(name, `it is ${why}`);
  for (const a of ctx.analyses) {
    if (out.has(a.fn.name) || disablesHandlers(a.fn.name)) continue;
    const called = process.get(a.fn.name);
    if (called) {
      out.set(a.fn.name, { irq: 'none', bhOn: true, why: `runs in process context: ${called}` });
      continue;
    }
    const sleep = summaries.get(a.fn.name)?.sleeps;
    // Sleeping whatever its arguments (but a NULL object it works on), with nothing its callers hold dropped first
    // (`spin_unlock_irq()` of a caller's lock turns interrupts back on): called with them on, or a bug of its own.
    const always = sleep && !sleep.ifFlag && !sleep.ifOneOf && !sleep.dropped.length && (!sleep.ifArg || (sleep.ifArg.nonNull && !!a.fn.params[sleep.ifArg.param]?.type.includes('*')));
    if (sleep && always) out.set(a.fn.name, { irq: 'none', bhOn: true, why: `sleeps (${sleep.what}, line ${sleep.line}), so runs in process context` });
  }
  // Helpers only such functions call, and how: an interrupt's helper runs in it; a process function's, with what the calls leave on.
  const byName = new Map(ctx.analyses.map((a) => [a.fn.name, a]));
  for (let round = 0, changed = true; changed && round < MAX_ROUNDS; round++) {
    changed = false;
    for (const a of ctx.analyses) {
      if (out.has(a.fn.name) || a.context !== 'callers' || disablesHandlers(a.fn.name)) continue;
      const sites = graph.callsTo(a.fn.name).filter((e) => e.kind === 'direct').flatMap((e) => (byName.get(e.from)?.callSites ?? []).filter((s) => s.callee === a.fn.name).map((s) => ({ from: e.from, s })));
      const froms = sites.map(({ from }) => out.get(from));
      if (!sites.length || froms.some((f) => !f)) continue;
      const callers = [...new Set(sites.map((x) => `${x.from}()`))].join(', ');
      if (froms.every((f) => f!.irq === 'hard')) out.set(a.fn.name, { irq: 'hard', why: `a helper only interrupt handlers reach (${callers} call it)` });
      else if (froms.every((f) => f!.irq !== 'none')) out.set(a.fn.name, { irq: 'soft', why: `a helper only interrupt context reaches (${callers} call it)` });
      else if (froms.every((f) => f!.irq === 'none') && sites.every(({ s }) => !irqsOff(s.held))) {
        const bhOn = sites.every(({ from, s }) => {
          const f = out.get(from);
          return f?.irq === 'none' && f.bhOn && !bhOff(s.held);
        });
        out.set(a.fn.name, { irq: 'none', bhOn, why: `runs in process context with interrupts on (its callers in view, ${callers}, call it so)` });
      } else continue;
      changed = true;
    }
  }
  return out;
}

/** Helpers followed for a handler's disabling (`nv_disable_irq()` around `disable_irq()`). */
const MAX_DISABLING_DEPTH = 3;

/**
 * Functions that keep a handler from running for a while (`disable_irq()`), themselves or
 * through helpers in view: what they hold meanwhile is safe from that handler.
 */
function handlerDisablers(ctx: ReviewContext): (name: string) => boolean {
  const { knowledge, graph } = ctx.engine;
  const memo = new Map<string, boolean>();
  const disables = (name: string, depth: number): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const entry = graph.functions.get(name);
    memo.set(name, false); // a recursion disables nothing more
    let found = false;
    if (entry) {
      walk(entry.fn.body, (n) => {
        if (found) return false;
        if (n.type !== 'call_expression') return true;
        const callee = calleeName(entry.file, n) ?? '';
        found = knowledge.calls.handlerDisablers.has(callee) || (depth < MAX_DISABLING_DEPTH && graph.functions.has(callee) && disables(callee, depth + 1));
        return !found;
      });
    }
    memo.set(name, found);
    return found;
  };
  return (name) => disables(name, 0);
}
