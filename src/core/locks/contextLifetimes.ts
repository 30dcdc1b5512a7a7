/**
 * The kernel's publication points: where a function lets a context of its own (an
 * interrupt handler, a work item, a timer, a thread) start running on an object
 * (`devm_request_irq(..., priv)`, `schedule_work(&priv->work)`), or stops it and waits for it
 * (`free_irq(irq, priv)`, `cancel_work_sync(&priv->work)`), by knowledge (contextLifetimes).
 * What the function does to the object before it starts any such context, or after it last
 * stopped one, races with nothing those contexts do. A helper in view that starts or stops
 * its parameter's context counts at its call.
 */
import { field, operator, unparen, walk, type SNode } from '../syntax';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import type { Knowledge } from '../knowledge';
import type { CallGraph } from '../callgraph';
import { stripCasts } from './walkSyntax';

export type LifetimeKind = 'start' | 'stop';

/** A start or stop point in a body: the call's offset, and the variable its object is reached from. */
export interface LifetimeEvent {
  at: number;
  kind: LifetimeKind;
  object: string;
  /** The functions the started context runs, when the call names them (`tasklet_setup(&t, fn)`; a threaded
   * interrupt's handler and thread function). */
  runs?: string[];
}

/** Helpers followed down from a call, at most. */
const MAX_HELPER_DEPTH = 3;

export class ContextLifetimes {
  private readonly events = new Map<string, LifetimeEvent[]>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly graph: CallGraph,
    private readonly knowledge: Knowledge,
  ) {}

  /**
   * Whether an access at offset `at` of function `fn`, to the object `sameObject` recognises by
   * its variable, is outside every context started on it there: none started before it and one
   * started after (set up before publication), or the last point before it a stop (torn down).
   * With `racing`, the handlers the access could race: it must be outside each of them, and a
   * start that names the function it runs counts only for that one (setting a tasklet up after
   * the access says nothing of an interrupt handler someone else already started on the object).
   */
  outside(fn: string, sameObject: (variable: string) => boolean, at: number, racing?: ReadonlySet<string>): boolean {
    const mine = this.of(fn).filter((e) => sameObject(e.object));
    if (!racing) return outsideOf(mine, at);
    return [...racing].every((h) => outsideOf(mine.filter((e) => e.runs === undefined || e.runs.includes(h)), at));
  }

  /**
   * The handlers started on the object before offset `at` of function `fn` (undefined for a start
   * that names none: any code may run on it then).
   */
  startedBefore(fn: string, sameObject: (variable: string) => boolean, at: number): Array<string[] | undefined> {
    return this.of(fn)
      .filter((e) => e.kind === 'start' && e.at < at && sameObject(e.object))
      .map((e) => e.runs);
  }

  /** The start and stop points of a function in view, in body order. */
  private of(fn: string, depth = 0): LifetimeEvent[] {
    // Kept by depth too: how far down helpers were followed decides what was found.
    const key = `${fn}@${depth}`;
    const known = this.events.get(key);
    if (known) return known;
    const entry = this.graph.functions.get(fn);
    if (!entry || this.inProgress.has(fn)) return [];
    this.inProgress.add(fn);
    const { file } = entry;
    const out: LifetimeEvent[] = [];
    walk(entry.fn.body, (n) => {
      if (n.type !== 'call_expression') return true;
      const name = calleeName(file, n) ?? '';
      const args = callArgs(n);
      const add = (kind: LifetimeKind, arg: number, runs?: string[]) => {
        const object = args[arg] && rootVariable(args[arg], file.text);
        if (object) out.push({ at: n.start, kind, object, ...(runs ? { runs } : {}) });
      };
      const start = this.knowledge.contextStarts.get(name);
      const stop = this.knowledge.contextStops.get(name);
      if (start !== undefined) add('start', start, startedHandlers(this.knowledge, name, args, file.text));
      else if (stop !== undefined) add('stop', stop);
      else if (depth < MAX_HELPER_DEPTH && this.graph.functions.has(name)) for (const [param, e] of this.ofParams(name, depth + 1)) add(e.kind, param, e.runs);
      return true;
    });
    this.inProgress.delete(fn);
    this.events.set(key, out);
    return out;
  }

  /** What a helper leaves its parameters' contexts as (the last point on each), by position. */
  private ofParams(fn: string, depth: number): Map<number, LifetimeEvent> {
    const params = this.graph.functions.get(fn)?.fn.params.map((p) => p.name) ?? [];
    const out = new Map<number, LifetimeEvent>();
    for (const e of this.of(fn, depth)) {
      const k = params.indexOf(e.object);
      if (k >= 0) out.set(k, e);
    }
    return out;
  }
}

/**
 * Every function a registrar's call names for its contexts to run (a threaded interrupt's handler and
 * thread function; a NULL one runs nothing), or undefined where one is not named plainly.
 */
function startedHandlers(knowledge: Knowledge, name: string, args: readonly SNode[], text: string): string[] | undefined {
  const out: string[] = [];
  for (const at of [knowledge.registrarContexts.get(name)?.fnArg, knowledge.processRegistrars.get(name)?.fnArg]) {
    const arg = at === undefined ? undefined : args[at] && stripCasts(unparen(args[at]));
    if (!arg) continue;
    if (arg.type === 'identifier' && text.slice(arg.start, arg.end) !== 'NULL') out.push(text.slice(arg.start, arg.end));
    else if (arg.type !== 'null' && text.slice(arg.start, arg.end) !== 'NULL') return undefined;
  }
  return out.length ? out : undefined;
}

/** The function a registrar's call names for its context to run, by the knowledge (`request_irq(irq, handler, ...)`). */
export function startedHandler(knowledge: Knowledge, name: string, args: readonly SNode[], text: string): string | undefined {
  const at = knowledge.registrarContexts.get(name)?.fnArg ?? knowledge.processRegistrars.get(name)?.fnArg;
  const arg = at === undefined ? undefined : args[at] && stripCasts(unparen(args[at]));
  return arg?.type === 'identifier' ? text.slice(arg.start, arg.end) : undefined;
}

/** None of these points before `at` and a start after it, or the last one before it a stop. */
function outsideOf(events: readonly LifetimeEvent[], at: number): boolean {
  const before = events.filter((e) => e.at < at);
  return before.length ? before[before.length - 1].kind === 'stop' : events.some((e) => e.kind === 'start');
}

/** The variable an argument's object is reached from: `priv`, `&priv->work`, `(void *)priv`, `priv->task`. */
function rootVariable(arg: SNode, text: string): string | undefined {
  let e = stripCasts(unparen(arg));
  for (;;) {
    if (e.type === 'pointer_expression' || e.type === 'field_expression' || e.type === 'subscript_expression') {
      const inner = field(e, 'argument');
      if (!inner || (e.type === 'pointer_expression' && operator(e) !== '&' && operator(e) !== '*')) return undefined;
      e = stripCasts(unparen(inner));
    } else return e.type === 'identifier' ? text.slice(e.start, e.end) : undefined;
  }
}
