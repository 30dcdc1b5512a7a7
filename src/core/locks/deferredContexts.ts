/**
 * A deferred context (a tasklet, a work item, a timer, a NAPI poll) runs only once something
 * schedules it: the tasklet an interrupt handler alone schedules (`tasklet_schedule(&dev->isr_tasklet)`
 * in the handler) cannot run before that handler is requested, wherever it was set up. The
 * handler a registrar sets up on an object's member (`tasklet_setup(&dev->isr_tasklet, fn)`) is
 * tied to the calls that schedule that member (the knowledge's `contextLifetimes.schedules`),
 * by the member's name, as are the calls that stop it and wait (`cancel_work_sync(&dev->work)`).
 */
import { walk, type SNode } from '../syntax';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import type { Knowledge } from '../knowledge';
import type { CallGraph } from '../callgraph';
import { startedHandler } from './contextLifetimes';

/** A call that stops a member's context and waits for it (`cancel_work_sync(&dm->ha_wrk.wrk)`): in which function, on which line. */
export interface StopSite {
  fn: string;
  line: number;
}

export interface DeferredContexts {
  /** The functions that schedule the member each handler was set up on (none known: absent). */
  scheduledFrom(handler: string): ReadonlySet<string> | undefined;
  /** The calls that stop a member the handler was set up on (the knowledge's `contextLifetimes.stops`). */
  stoppedAt(handler: string): readonly StopSite[];
}

const cache = new WeakMap<CallGraph, DeferredContexts>();

/** Read on first use: most reviews never ask (only a field some handler guards does). */
export function deferredContexts(graph: CallGraph, knowledge: Knowledge): DeferredContexts {
  const known = cache.get(graph);
  if (known) return known;
  let read: ReturnType<typeof readRegistrations> | undefined;
  const out: DeferredContexts = {
    scheduledFrom(handler) {
      const { membersOf, schedulers } = (read ??= readRegistrations(graph, knowledge));
      const from = new Set<string>();
      for (const m of membersOf.get(handler) ?? []) for (const f of schedulers.get(m) ?? []) from.add(f);
      return from.size ? from : undefined;
    },
    stoppedAt(handler) {
      const { membersOf, stoppers } = (read ??= readRegistrations(graph, knowledge));
      return [...(membersOf.get(handler) ?? [])].flatMap((m) => stoppers.get(m) ?? []);
    },
  };
  cache.set(graph, out);
  return out;
}

/** The members each handler is set up on, the functions that schedule each member, and the calls that stop each. */
function readRegistrations(graph: CallGraph, knowledge: Knowledge): { membersOf: Map<string, Set<string>>; schedulers: Map<string, Set<string>>; stoppers: Map<string, StopSite[]> } {
  const membersOf = new Map<string, Set<string>>();
  const schedulers = new Map<string, Set<string>>();
  const stoppers = new Map<string, StopSite[]>();
  for (const [name, { fn, file }] of graph.functions) {
    walk(fn.body, (n) => {
      if (n.type !== 'call_expression') return true;
      const callee = calleeName(file, n) ?? '';
      const args = callArgs(n);
      const start = knowledge.contextStarts.get(callee);
      const handler = start === undefined ? undefined : startedHandler(knowledge, callee, args, file.text);
      const setUp = start === undefined ? undefined : memberName(args[start], file.text);
      if (handler && setUp) add(membersOf, handler, setUp);
      const scheduled = knowledge.contextSchedules.get(callee);
      const member = scheduled === undefined ? undefined : memberName(args[scheduled], file.text);
      if (member) add(schedulers, member, name);
      const stop = knowledge.contextStops.get(callee);
      const stopped = stop === undefined ? undefined : memberName(args[stop], file.text);
      if (stopped) stoppers.set(stopped, [...(stoppers.get(stopped) ?? []), { fn: name, line: file.lines.line(n.start) }]);
      return true;
    });
  }
  return { membersOf, schedulers, stoppers };
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** The member an argument names (`&dev->isr_tasklet` -> `isr_tasklet`, `&p->dwork.work` -> `dwork.work`); none for a plain variable. */
function memberName(arg: SNode | undefined, text: string): string | undefined {
  if (!arg) return undefined;
  const m = /(?:->|\.)\s*([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*$/.exec(text.slice(arg.start, arg.end).replace(/^\s*&\s*\(?|\)?\s*$/g, ''));
  return m ? m[1].replace(/\s+/g, '') : undefined;
}
