/**
 * Follows every path through one function's CFG with the set of locks held,
 * applying lock primitives, guards, and the summaries of the functions it
 * calls. Paths that reach a block in the same lock state are merged, so the
 * search is bounded by distinct states, and a step and path bound say when
 * they cut it short. Records what the rules need: path ends, lock states per
 * line, call sites, lock-order edges and suspicious events.
 */
import { field, operator, unparen, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { callArgs, calleeName, guardStatement } from '../syntax/kernelIdioms';
import type { Cfg, CfgBlock, CfgItem, GuardRef } from '../cfg';
import type { LockEvent } from './api';
import { assignmentsIn, callsInOrder, constantValue, identifiersIn } from './expr';
import { applyPath, baseVar, canon, fromRef, lockClass } from './identity';
import { CALLBACK_HELPERS, LOCK_NEUTRAL, REFERENCE_GETTERS, SLEEPING_CALLS, SLEEPING_GFP } from './knowledge';
import type { LockTable } from './primitives';
import { PathState, type ConditionalEffect, type EventNode, type Held, type LockMeta } from './state';
export { eventsOf } from './state';
import type { FunctionSummary, SummaryTake } from './summaryTypes';
import type { TypeEnv } from './typeEnv';

export interface ExploreOptions {
  maxPaths: number;
  maxSteps: number;
}

export interface ExploreContext {
  file: ParsedFile;
  fn: FunctionInfo;
  cfg: Cfg;
  env: TypeEnv;
  table: LockTable;
  summaries: Map<string, FunctionSummary>;
  /** Defined functions passed as `param` to `helper` at its call sites. */
  callbacksFor(helper: string, param: string): string[];
  entry: Held[];
  options: ExploreOptions;
}

export interface PathEnd {
  events: LockEvent[];
  endLine: number;
  returnValue?: string;
  retClass: 'zero' | 'nonzero' | 'unknown';
  held: Held[];
  releasedCaller: Map<string, { line: number; meta: LockMeta }>;
}

export interface OrderEdge {
  from: Held;
  to: { inst: string; cls: string };
  line: number;
  /** Calls through which the second lock is taken (empty when taken here). */
  chain: string[];
  calleeLine?: number;
  calleeFile?: string;
}

export interface CallSiteRecord {
  callee: string;
  line: number;
  node: SNode;
  args: string[];
  /** Definitions of identifier arguments at the call (`prev_dom` -> `group->default_domain`). */
  argDefs: Array<string | undefined>;
  held: Held[];
  /** The path up to the call; materialise with eventsOf(). */
  trail: EventNode | null;
}

export interface Incident {
  line: number;
  lock: string;
  message: string;
  events: LockEvent[];
  /** For double acquires: where the lock was first taken. */
  firstLine?: number;
  chain?: string[];
}

export interface StaleUse {
  variable: string;
  lock: string;
  foundLine: number;
  releaseLine: number;
  useLine: number;
  events: LockEvent[];
}

export interface LineState {
  must: Set<string> | null;
  may: Set<string>;
}

export interface FunctionAnalysis {
  fn: FunctionInfo;
  file: ParsedFile;
  ends: PathEnd[];
  truncated: boolean;
  limits: string[];
  lines: Map<number, LineState>;
  classes: Map<string, string>;
  callSites: CallSiteRecord[];
  orderEdges: OrderEdge[];
  doubleAcquires: Incident[];
  doubleReleases: Incident[];
  /** Releases of locks this function never took on that path (the caller's, or nobody's). */
  callerReleases: Incident[];
  sleeps: Incident[];
  staleUses: StaleUse[];
  takes: SummaryTake[];
  sleepsAt: { line: number; what: string; chain: string[] } | null;
}

const NESTABLE = new Set(['rcu', 'preempt', 'irq', 'srcu']);

export function exploreFunction(ctx: ExploreContext): FunctionAnalysis {
  return new Explorer(ctx).run();
}

class Explorer {
  private readonly text: string;
  private readonly out: FunctionAnalysis;
  private readonly seen = new Set<string>();
  private readonly reportedStale = new Set<string>();
  private readonly incidentKeys = new Set<string>();
  private cur!: PathState;

  constructor(private readonly ctx: ExploreContext) {
    this.text = ctx.file.text;
    this.out = {
      fn: ctx.fn,
      file: ctx.file,
      ends: [],
      truncated: false,
      limits: [],
      lines: new Map(),
      classes: new Map(),
      callSites: [],
      orderEdges: [],
      doubleAcquires: [],
      doubleReleases: [],
      callerReleases: [],
      sleeps: [],
      staleUses: [],
      takes: [],
      sleepsAt: null,
    };
  }

  run(): FunctionAnalysis {
    const { cfg, options, fn } = this.ctx;
    const start = new PathState();
    start.held = this.ctx.entry.map((h) => ({ ...h }));
    for (const h of start.held) this.out.classes.set(h.inst, h.cls);
    const why = { acquired: '', 'must-hold': ' (annotated)', releases: ' (annotated __releases)', assumed: ' (the caller holds it)' } as const;
    for (const h of start.held) start.push({ line: fn.line, kind: 'assume', lock: h.inst, text: `held on entry: ${h.inst}${why[h.origin]}` });
    const stack: Array<{ block: number; state: PathState }> = [{ block: cfg.entry, state: start }];
    let steps = 0;
    while (stack.length) {
      if (++steps > options.maxSteps) {
        this.limit(`path search in ${fn.name}() stopped after ${options.maxSteps} steps`);
        break;
      }
      if (this.out.ends.length >= options.maxPaths) {
        this.limit(`path enumeration in ${fn.name}() stopped at ${options.maxPaths} paths`);
        break;
      }
      const { block, state } = stack.pop()!;
      // Path ends are kept apart by where and what they return.
      const key = state.key(block) + (block === cfg.exit ? `|${state.ret?.line}|${state.ret?.value}` : '');
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.cur = state;
      const b = cfg.blocks[block];
      if (b.id === cfg.exit) {
        this.finishPath();
        continue;
      }
      for (const item of b.items) this.item(item, b);
      const next = this.successors(b);
      for (let k = next.length - 1; k >= 0; k--) stack.push(next[k]);
    }
    return this.out;
  }

  private limit(message: string): void {
    this.out.truncated = true;
    if (!this.out.limits.includes(message)) this.out.limits.push(message);
  }

  // ---- items

  private item(item: CfgItem, block: CfgBlock): void {
    switch (item.kind) {
      case 'stmt': {
        this.recordLine(this.line(item.node));
        if (block.loopMacro && item === block.items[0]) return this.loopIterator(item.node, block);
        const guard = guardStatement(this.ctx.file, item.node);
        if (guard) return this.acquireGuard({ guardClass: guard.guardClass, args: guard.args, node: guard.node });
        return this.statement(item.node);
      }
      case 'switch':
        this.recordLine(this.line(item.node));
        return this.statement(item.node);
      case 'return':
        return this.returnItem(item);
      case 'guard-enter':
        return this.acquireGuard(item.guard);
      case 'guard-exit':
        for (const g of item.guards) this.releaseGuard(g, item.line);
        return;
    }
  }

  private line(n: SNode): number {
    return this.ctx.file.lines.line(n.start);
  }

  private src(n: SNode): string {
    return this.text.slice(n.start, n.end);
  }

  private recordLine(line: number): void {
    const names = this.cur.heldNames();
    const st = this.out.lines.get(line);
    if (!st) {
      this.out.lines.set(line, { must: new Set(names), may: new Set(names) });
      return;
    }
    for (const n of names) st.may.add(n);
    if (st.must) for (const n of [...st.must]) if (!names.includes(n)) st.must.delete(n);
  }

  private statement(node: SNode, skipCall?: SNode): void {
    this.checkStaleUses(node);
    for (const call of callsInOrder(node)) if (call !== skipCall) this.call(call);
    for (const a of assignmentsIn(node, this.text)) this.assign(a.target, a.value, a.compound, this.line(a.node));
  }

  /** `list_for_each_entry(pos, head, member)`: `pos` is found from the other arguments. */
  private loopIterator(cond: SNode, block: CfgBlock): void {
    const list = unparen(cond);
    const parts = list.type === 'comma_expression' ? flattenComma(list) : [list];
    const first = parts[0] ? unparen(parts[0]) : undefined;
    if (!first || first.type !== 'identifier') return;
    const sources = parts.slice(1).flatMap((p) => identifiersIn(p, this.text));
    this.derive(this.src(first), sources, block.line);
  }

  private returnItem(item: Extract<CfgItem, { kind: 'return' }>): void {
    this.recordLine(item.line);
    const s = this.cur;
    let retClass: 'zero' | 'nonzero' | 'unknown' = 'unknown';
    let pending: ConditionalEffect[] | undefined;
    if (item.value) {
      const value = unparen(item.value);
      const direct = value.type === 'call_expression' ? value : undefined;
      const conditional = direct ? this.conditionalEffects(direct) : [];
      this.statement(item.value, conditional.length ? direct : undefined);
      if (conditional.length) {
        this.checkStaleUses(direct!);
        pending = conditional;
      } else if (value.type === 'identifier' && s.pending.has(this.src(value))) {
        pending = s.pending.get(this.src(value));
      }
      const v = constantValue(value, this.text, s.consts);
      if (v !== undefined) retClass = v === 0 ? 'zero' : 'nonzero';
    } else if (item.valueText) {
      retClass = /^-?\s*E[A-Z0-9]+$|^-?[1-9]/.test(item.valueText.trim()) ? 'nonzero' : item.valueText.trim() === '0' ? 'zero' : 'unknown';
    }
    const value = item.value ? this.src(item.value) : item.valueText;
    s.ret = { line: item.line, value, retClass, pending };
    s.push({ line: item.line, kind: 'return', text: value ? `return ${value}` : 'return' });
  }

  private finishPath(): void {
    const s = this.cur;
    const ret = s.ret ?? { line: this.ctx.fn.endLine, retClass: 'unknown' as const };
    if (!s.ret) s.push({ line: ret.line, kind: 'return', text: 'end of function' });
    if (ret.pending?.length) {
      // A returned trylock: one end where it succeeded, one where it did not.
      for (const when of ['zero', 'nonzero'] as const) {
        const copy = s.clone();
        this.cur = copy;
        for (const e of ret.pending) if (e.when === when) this.applyEffect(e, ret.line);
        this.recordEnd(copy, ret.line, ret.value, when);
      }
      this.cur = s;
      return;
    }
    this.recordEnd(s, ret.line, ret.value, ret.retClass);
  }

  private recordEnd(s: PathState, line: number, value: string | undefined, retClass: PathEnd['retClass']): void {
    this.out.ends.push({
      events: s.eventList(),
      endLine: line,
      returnValue: value,
      retClass,
      held: s.held.map((h) => ({ ...h })),
      releasedCaller: new Map(s.releasedCaller),
    });
  }

  // ---- calls

  private call(call: SNode): void {
    const name = calleeName(this.ctx.file, call);
    const args = callArgs(call).map((a) => this.src(a));
    const line = this.line(call);
    if (name === 'guard') return;
    const s = this.cur;
    this.out.callSites.push({
      callee: name ?? canon(this.src(field(call, 'function') ?? call)),
      line,
      node: call,
      args,
      argDefs: callArgs(call).map((a) => {
        const u = unparen(a);
        return u.type === 'identifier' ? s.defs.get(this.src(u)) : undefined;
      }),
      held: s.held.map((h) => ({ ...h })),
      trail: s.events,
    });
    if (!name || this.ctx.fn.params.some((p) => p.name === name && p.isFunctionPointer)) return this.indirectCall(call, line);
    const prim = this.ctx.table.primitives.get(name);
    if (prim) {
      const argText = prim.arg < 0 ? '' : args[prim.arg];
      if (prim.arg >= 0 && argText === undefined) return;
      const inst = prim.arg < 0 ? (prim.path ?? name) : applyPath(prim.path ?? '$', argText);
      const cls = prim.arg < 0 ? inst : this.classOf(inst);
      const meta: LockMeta = { kind: prim.kind, sleeps: prim.sleeps, atomic: prim.atomic, shared: !!prim.shared };
      const text = this.src(call).replace(/\s+/g, ' ');
      if (prim.op === 'acquire') return this.acquire(inst, cls, meta, line, text, []);
      if (prim.op === 'release') return this.release(inst, line, text, [], meta);
      const effect: ConditionalEffect = { op: 'acquire', inst, cls, meta, when: prim.heldWhen ?? 'nonzero', text, line };
      const target = assignedTo(call, this.text);
      if (target) {
        s.pending.set(target, [effect]);
        s.push({ line, kind: 'try-acquire', lock: inst, text: `${text}: ${inst} held when ${target} is ${effect.when === 'zero' ? '0' : 'nonzero'}` });
      } else if (!isTested(call)) {
        this.acquire(inst, cls, meta, line, text, []);
      }
      return;
    }
    const summary = this.ctx.summaries.get(name);
    if (summary) return this.summaryCall(name, summary, call, args, line);
    if (REFERENCE_GETTERS.test(name)) {
      for (const a of callArgs(call)) for (const v of identifiersIn(a, this.text)) s.under.delete(v);
    }
    const helper = CALLBACK_HELPERS.find((h) => h.name === name);
    if (helper) this.callbackHelper(helper, args, line);
    this.sleepCheck(name, args, line, []);
    if (s.held.length && !LOCK_NEUTRAL.test(name) && !this.ctx.table.primitives.has(name)) {
      s.push({ line, kind: 'call', text: `${name}() not in view: assumed lock-neutral` });
    }
  }

  /** Conditional lock effects of a call, if it is a trylock or a conditional summary. */
  private conditionalEffects(call: SNode): ConditionalEffect[] {
    const name = calleeName(this.ctx.file, call);
    if (!name) return [];
    const args = callArgs(call).map((a) => this.src(a));
    const line = this.line(call);
    const text = this.src(call).replace(/\s+/g, ' ');
    const prim = this.ctx.table.primitives.get(name);
    if (prim) {
      if (prim.op !== 'try' || (prim.arg >= 0 && args[prim.arg] === undefined)) return [];
      const inst = prim.arg < 0 ? (prim.path ?? name) : applyPath(prim.path ?? '$', args[prim.arg]);
      return [{ op: 'acquire', inst, cls: prim.arg < 0 ? inst : this.classOf(inst), meta: { kind: prim.kind, sleeps: prim.sleeps, atomic: prim.atomic, shared: !!prim.shared }, when: prim.heldWhen ?? 'nonzero', text, line }];
    }
    const summary = this.ctx.summaries.get(name);
    if (!summary) return [];
    const out: ConditionalEffect[] = [];
    for (const e of summary.effects) {
      if (e.when === 'always') continue;
      const inst = fromRef(e.ref, args);
      if (inst) out.push({ op: e.op, inst, cls: e.ref.cls, meta: e.meta, when: e.when, text: `${name}() ${e.op === 'acquire' ? 'takes' : 'releases'} ${inst}`, line });
    }
    return out;
  }

  private summaryCall(name: string, summary: FunctionSummary, call: SNode, args: string[], line: number): void {
    const s = this.cur;
    const held = [...s.held];
    // Locks taken inside the callee while ours are held: order edges, and self-deadlock on the same instance.
    for (const t of summary.takes) {
      const inst = fromRef(t.ref, args);
      const chain = [name, ...t.chain];
      this.noteTake(t, chain, args);
      for (const h of held) {
        if (inst && h.inst === inst && !NESTABLE.has(h.kind) && !t.meta.shared) {
          this.incident(this.out.doubleAcquires, {
            line,
            lock: inst,
            firstLine: h.line,
            chain,
            message: `${name}() takes ${inst} (${chain.join(' -> ')}, line ${t.line}) while ${this.ctx.fn.name}() already holds it (taken at line ${h.line}): this deadlocks`,
            events: s.eventList(),
          });
        } else if (h.cls !== t.ref.cls) {
          this.out.orderEdges.push({ from: h, to: { inst: inst ?? t.ref.path, cls: t.ref.cls }, line, chain, calleeLine: t.line, calleeFile: t.file });
        }
        if (t.meta.sleeps && h.atomic) this.sleepIncident(line, `${name}() takes the sleeping lock ${inst ?? t.ref.path}`, h, chain);
      }
    }
    if (summary.sleeps) {
      const chain = [name, ...summary.sleeps.chain];
      this.out.sleepsAt ??= { line, what: summary.sleeps.what, chain };
      for (const h of held) if (h.atomic) this.sleepIncident(line, `${name}() may sleep (${summary.sleeps.what}, ${chain.join(' -> ')})`, h, chain);
    }
    const target = assignedTo(call, this.text);
    const tested = isTested(call);
    for (const e of summary.effects) {
      const inst = fromRef(e.ref, args);
      if (!inst) continue;
      const text = `${name}() ${e.op === 'acquire' ? 'takes' : 'releases'} ${inst}${e.chain.length ? ` (in ${e.chain.join(' -> ')})` : ''}`;
      if (e.when === 'always' || (!target && !tested)) {
        if (e.op === 'acquire') this.acquire(inst, e.ref.cls, e.meta, line, text, [name, ...e.chain], true);
        else this.release(inst, line, text, [name, ...e.chain], e.meta);
      } else if (target) {
        const list = s.pending.get(target) ?? [];
        s.pending.set(target, [...list, { op: e.op, inst, cls: e.ref.cls, meta: e.meta, when: e.when, text, line }]);
      }
    }
  }

  private noteTake(t: SummaryTake, chain: string[], args: string[]): void {
    // Re-express the callee's take in this function's parameters, for our own summary.
    const inst = fromRef(t.ref, args);
    if (!inst) return;
    this.out.takes.push({ ref: { ...t.ref, path: inst, param: null }, meta: t.meta, line: t.line, chain, file: t.file });
  }

  private indirectCall(call: SNode, line: number): void {
    const callee = field(call, 'function');
    const c = callee ? unparen(callee) : undefined;
    if (!c || c.type !== 'identifier') return;
    const param = this.src(c);
    if (!this.ctx.fn.params.some((p) => p.name === param && p.isFunctionPointer)) return;
    for (const cb of this.ctx.callbacksFor(this.ctx.fn.name, param)) {
      const summary = this.ctx.summaries.get(cb);
      if (!summary) continue;
      for (const t of summary.takes) {
        const chain = [cb, ...t.chain];
        this.out.takes.push({ ...t, chain });
        for (const h of this.cur.held) {
          if (h.cls === t.ref.cls && !NESTABLE.has(h.kind)) {
            this.incident(this.out.doubleAcquires, {
              line,
              lock: h.inst,
              firstLine: h.line,
              chain,
              message: `callback ${cb}() (called through ${param}) takes ${t.ref.cls} at line ${t.line} while ${this.ctx.fn.name}() holds ${h.inst}`,
              events: this.cur.eventList(),
            });
          } else if (h.cls !== t.ref.cls) {
            this.out.orderEdges.push({ from: h, to: { inst: t.ref.path, cls: t.ref.cls }, line, chain, calleeLine: t.line, calleeFile: t.file });
          }
        }
      }
      if (summary.sleeps) for (const h of this.cur.held) if (h.atomic) this.sleepIncident(line, `callback ${cb}() may sleep (${summary.sleeps.what})`, h, [cb, ...summary.sleeps.chain]);
    }
  }

  private callbackHelper(helper: (typeof CALLBACK_HELPERS)[number], args: string[], line: number): void {
    const fnName = args[helper.fnArg]?.replace(/^&/, '').trim();
    const summary = fnName ? this.ctx.summaries.get(fnName) : undefined;
    if (!summary) return;
    for (const hold of helper.holds) {
      const holdInst = applyPath(hold.path.replace(/\$\d+/, '$'), args[Number(/\$(\d+)/.exec(hold.path)?.[1] ?? 0)] ?? '');
      for (const t of summary.takes) {
        const chain = [helper.name, fnName!, ...t.chain];
        if (t.ref.cls === hold.cls) {
          this.incident(this.out.doubleAcquires, {
            line,
            lock: holdInst,
            chain,
            message: `${fnName}() takes ${hold.cls} at line ${t.line}, but ${helper.name}() already holds ${holdInst} while it calls ${fnName}(): this deadlocks`,
            events: this.cur.eventList(),
          });
        } else {
          const from: Held = { inst: holdInst, cls: hold.cls, kind: 'mutex', sleeps: true, atomic: false, shared: false, line, origin: 'acquired', count: 1 };
          this.out.orderEdges.push({ from, to: { inst: t.ref.path, cls: t.ref.cls }, line, chain, calleeLine: t.line, calleeFile: t.file });
        }
      }
    }
  }

  private sleepCheck(name: string, args: string[], line: number, chain: string[]): void {
    const why = SLEEPING_CALLS.has(name) ? `${name}() may sleep` : args.some((a) => SLEEPING_GFP.test(a)) ? `${name}(..., GFP_KERNEL) may sleep` : undefined;
    if (!why) return;
    this.out.sleepsAt ??= { line, what: why, chain: [name] };
    for (const h of this.cur.held) if (h.atomic) this.sleepIncident(line, why, h, chain);
  }

  private sleepIncident(line: number, what: string, h: Held, chain: string[]): void {
    this.incident(this.out.sleeps, {
      line,
      lock: h.inst,
      firstLine: h.line,
      chain,
      message: `${what} while ${h.inst} (${h.kind === 'rcu' ? 'an RCU read section' : h.kind === 'irq' ? 'interrupts disabled' : h.kind === 'preempt' ? 'preemption disabled' : `a ${h.kind}`}, taken at line ${h.line}) is held`,
      events: this.cur.eventList(),
    });
  }

  private incident(list: Incident[], incident: Incident): void {
    const key = `${list === this.out.sleeps ? 's' : list === this.out.doubleAcquires ? 'd' : list === this.out.doubleReleases ? 'r' : 'c'}|${incident.line}|${incident.lock}`;
    if (this.incidentKeys.has(key)) return;
    this.incidentKeys.add(key);
    list.push(incident);
  }

  // ---- lock operations

  private classOf(inst: string): string {
    const cls = lockClass(inst, this.ctx.env, this.ctx.file.structs);
    this.out.classes.set(inst, cls);
    return cls;
  }

  private acquire(inst: string, cls: string, meta: LockMeta, line: number, text: string, chain: string[], viaSummary = false): void {
    const s = this.cur;
    this.out.classes.set(inst, cls);
    const existing = s.find(inst);
    if (!viaSummary) this.out.takes.push({ ref: { param: null, path: inst, cls }, meta, line, chain, file: this.ctx.file.path });
    if (existing) {
      if (NESTABLE.has(meta.kind) || (existing.shared && meta.shared)) {
        existing.count++;
      } else {
        this.incident(this.out.doubleAcquires, {
          line,
          lock: inst,
          firstLine: existing.line,
          chain,
          message: `${inst} is taken at line ${line} while already held (taken at line ${existing.line}): this deadlocks`,
          events: s.eventList(),
        });
      }
      s.push({ line, kind: 'acquire', lock: inst, text });
      return;
    }
    for (const h of s.held) {
      if (h.cls !== cls) this.out.orderEdges.push({ from: h, to: { inst, cls }, line, chain });
      if (meta.sleeps && h.atomic) this.sleepIncident(line, `${text} may sleep`, h, chain);
    }
    if (meta.sleeps) this.out.sleepsAt ??= { line, what: text, chain };
    s.held.push({ inst, cls, ...meta, line, origin: 'acquired', count: 1 });
    s.releasedHere.delete(inst);
    s.releasedCaller.delete(inst);
    s.push({ line, kind: 'acquire', lock: inst, text });
  }

  private release(inst: string, line: number, text: string, chain: string[] = [], meta?: LockMeta): void {
    const s = this.cur;
    const at = s.held.findIndex((h) => h.inst === inst);
    if (at >= 0) {
      const h = s.held[at];
      if (h.count > 1) h.count--;
      else {
        s.held.splice(at, 1);
        if (h.origin === 'acquired') s.releasedHere.add(inst);
        else s.releasedCaller.set(inst, { line, meta: { kind: h.kind, sleeps: h.sleeps, atomic: h.atomic, shared: h.shared } });
        for (const [v, u] of [...s.under]) {
          if (u.lock !== inst) continue;
          s.stale.set(v, { lock: inst, foundLine: u.line, releaseLine: line });
          s.under.delete(v);
        }
      }
      s.push({ line, kind: 'release', lock: inst, text });
      return;
    }
    if (s.releasedHere.has(inst) || s.releasedCaller.has(inst)) {
      const before = s.releasedHere.has(inst) ? 'already released on this path' : `already released at line ${s.releasedCaller.get(inst)!.line}`;
      this.incident(this.out.doubleReleases, { line, lock: inst, chain, message: `${inst} is released at line ${line} but was ${before}`, events: s.eventList() });
    } else {
      s.releasedCaller.set(inst, { line, meta: meta ?? { kind: 'mutex', sleeps: true, atomic: false, shared: false } });
      s.push({ line, kind: 'release', lock: inst, text: `${text} (not taken in ${this.ctx.fn.name}())` });
      this.incident(this.out.callerReleases, { line, lock: inst, chain, message: `${this.ctx.fn.name}() releases ${inst}, which it did not take`, events: s.eventList() });
      return;
    }
    s.push({ line, kind: 'release', lock: inst, text });
  }

  private applyEffect(e: ConditionalEffect, line: number): void {
    if (e.op === 'acquire') this.acquire(e.inst, e.cls, e.meta, e.line, e.text, [], true);
    else this.release(e.inst, line, e.text, [], e.meta);
  }

  private acquireGuard(g: GuardRef): void {
    const cls = this.ctx.table.guards.get(g.guardClass);
    const line = this.line(g.node);
    if (!cls) {
      this.cur.push({ line, kind: 'call', text: `guard class '${g.guardClass}' not known: assumed lock-neutral` });
      return;
    }
    const argText = g.args[0] ? this.src(g.args[0]) : '';
    const inst = cls.path.includes('$') ? applyPath(cls.path, argText) : cls.path;
    this.acquire(inst, cls.path.includes('$') ? this.classOf(inst) : inst, { kind: cls.kind, sleeps: cls.sleeps, atomic: cls.atomic, shared: !!cls.shared }, line, `guard(${g.guardClass})(${argText})`, []);
  }

  private releaseGuard(g: GuardRef, line: number): void {
    const cls = this.ctx.table.guards.get(g.guardClass);
    if (!cls) return;
    const argText = g.args[0] ? this.src(g.args[0]) : '';
    const inst = cls.path.includes('$') ? applyPath(cls.path, argText) : cls.path;
    if (this.cur.find(inst)) this.release(inst, line, `end of ${g.guardClass} guard scope`, [], { kind: cls.kind, sleeps: cls.sleeps, atomic: cls.atomic, shared: !!cls.shared });
  }

  // ---- values

  private assign(target: string, value: SNode | null, compound: boolean, line: number): void {
    const s = this.cur;
    s.stale.delete(target);
    s.under.delete(target);
    if (compound || !value) {
      s.consts.delete(target);
      s.defs.delete(target);
      return;
    }
    const v = constantValue(value, this.text, s.consts);
    if (v === undefined) s.consts.delete(target);
    else s.consts.set(target, v);
    const u = unparen(value);
    if (u.type !== 'call_expression' || !this.conditionalEffects(u).length) s.pending.delete(target);
    s.defs.set(target, canon(this.src(value)));
    this.derive(target, identifiersIn(value, this.text), line);
  }

  /** Records that `target` was computed from `sources`; a pointer found this way under a lock is tracked. */
  private derive(target: string, sources: string[], line: number): void {
    const s = this.cur;
    const roots = new Set<string>();
    for (const src of sources) {
      roots.add(src);
      for (const r of s.roots.get(src) ?? []) roots.add(r);
    }
    s.roots.set(target, roots);
    const type = this.ctx.env.get(target);
    if (!type?.pointer) return;
    for (const h of s.held) {
      const base = baseVar(h.inst);
      if (base && base !== target && roots.has(base) && !NESTABLE.has(h.kind)) {
        s.under.set(target, { lock: h.inst, line });
        return;
      }
    }
  }

  private checkStaleUses(node: SNode): void {
    const s = this.cur;
    if (!s.stale.size) return;
    for (const name of dereferencedIn(node, this.text)) {
      const st = s.stale.get(name);
      if (!st) continue;
      const line = this.line(node);
      const key = `${name}|${st.lock}`;
      s.stale.delete(name);
      if (this.reportedStale.has(key)) continue;
      this.reportedStale.add(key);
      this.out.staleUses.push({ variable: name, lock: st.lock, foundLine: st.foundLine, releaseLine: st.releaseLine, useLine: line, events: s.eventList() });
    }
  }

  // ---- branches

  private successors(b: CfgBlock): Array<{ block: number; state: PathState }> {
    const s = this.cur;
    if (b.cond) {
      const cond = b.cond;
      const { subject, trueIs } = splitCondition(cond, this.text);
      const conditional = subject.type === 'call_expression' ? this.conditionalEffects(subject) : [];
      this.recordLine(this.line(cond));
      this.statement(cond, conditional.length ? subject : undefined);
      if (conditional.length) this.checkStaleUses(subject);
      const out: Array<{ block: number; state: PathState }> = [];
      const edges = b.succ;
      edges.forEach((e, i) => {
        const valueIs = e.kind === 'true' ? trueIs : e.kind === 'false' ? (trueIs === 'zero' ? 'nonzero' : 'zero') : undefined;
        const state = i === edges.length - 1 ? s : s.clone();
        this.cur = state;
        if (valueIs && subject.type === 'identifier') {
          const name = this.src(subject);
          const known = state.consts.get(name);
          if (known !== undefined && (known === 0) !== (valueIs === 'zero')) return;
          for (const eff of state.pending.get(name) ?? []) if (eff.when === valueIs) this.applyEffect(eff, this.line(cond));
          state.pending.delete(name);
          if (valueIs === 'zero') state.consts.set(name, 0);
          else if (known === undefined) state.consts.set(name, 1);
        }
        if (valueIs) for (const eff of conditional) if (eff.when === valueIs) this.applyEffect(eff, this.line(cond));
        state.push({ line: this.line(cond), kind: 'branch', text: `${this.src(cond).replace(/\s+/g, ' ')} is ${e.kind === 'true' ? 'true' : 'false'}` });
        out.push({ block: e.to, state });
      });
      this.cur = s;
      return out;
    }
    return b.succ.map((e, i) => {
      const state = i === b.succ.length - 1 ? s : s.clone();
      if (e.kind === 'goto' || e.kind === 'break' || e.kind === 'continue') {
        state.push({ line: b.line, kind: 'branch', text: e.kind === 'goto' ? `goto ${e.label}` : e.kind });
      } else if (b.loopMacro) {
        state.push({ line: b.line, kind: 'branch', text: `${b.loopMacro}: ${e.kind === 'true' ? 'next entry' : 'done'}` });
      }
      return { block: e.to, state };
    });
  }
}

/**
 * Variables whose pointed-to object is used in `n`: dereferenced (`p->x`,
 * `*p`, `p[i]`) or handed to a call. Testing a pointer for NULL is not a use.
 */
function dereferencedIn(n: SNode, text: string): string[] {
  const out: string[] = [];
  const visit = (x: SNode) => {
    if (x.type === 'identifier') {
      const p = x.parent;
      const used =
        (p?.type === 'argument_list') ||
        (p?.type === 'field_expression' && x.field === 'argument' && operator(p) === '->') ||
        (p?.type === 'pointer_expression' && operator(p) === '*') ||
        (p?.type === 'subscript_expression' && x.field === 'argument');
      if (used) out.push(text.slice(x.start, x.end));
      return;
    }
    for (const c of x.children) visit(c);
  };
  visit(n);
  return out;
}

function flattenComma(n: SNode): SNode[] {
  if (n.type !== 'comma_expression') return [n];
  const left = field(n, 'left');
  const right = field(n, 'right');
  return [...(left ? flattenComma(left) : []), ...(right ? flattenComma(right) : [])];
}

/** The variable a call's result is stored in: `ret = f()`, `int ret = f()`. */
function assignedTo(call: SNode, text: string): string | undefined {
  let p = call.parent;
  let child = call;
  while (p && p.type === 'parenthesized_expression') {
    child = p;
    p = p.parent;
  }
  if (!p) return undefined;
  if (p.type === 'assignment_expression' && field(p, 'right') === child) {
    const left = field(p, 'left');
    return left && left.type === 'identifier' ? text.slice(left.start, left.end) : undefined;
  }
  if (p.type === 'init_declarator' && field(p, 'value') === child) {
    let d = field(p, 'declarator');
    while (d && d.type !== 'identifier') d = field(d, 'declarator');
    return d ? text.slice(d.start, d.end) : undefined;
  }
  return undefined;
}

/** True when a call's value decides a branch (it sits in a condition). */
function isTested(call: SNode): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.field === 'condition') return true;
    if (p.type === 'expression_statement' || p.type === 'declaration' || p.type === 'compound_statement') return false;
  }
  return false;
}

/** What a branch condition tests, and whether true means that value is zero or nonzero. */
export function splitCondition(cond: SNode, text: string): { subject: SNode; trueIs: 'zero' | 'nonzero' } {
  const e = unparen(cond);
  if (e.type === 'binary_expression') {
    const op = operator(e);
    const left = field(e, 'left');
    const right = field(e, 'right');
    const isZero = (n: SNode | undefined) => !!n && constantValue(n, text, new Map()) === 0;
    if (left && right && (op === '==' || op === '!=')) {
      if (isZero(right)) return { subject: unparen(left), trueIs: op === '==' ? 'zero' : 'nonzero' };
      if (isZero(left)) return { subject: unparen(right), trueIs: op === '==' ? 'zero' : 'nonzero' };
    }
    if (left && right && isZero(right) && (op === '<' || op === '>=')) return { subject: unparen(left), trueIs: op === '<' ? 'nonzero' : 'zero' };
  }
  return { subject: e, trueIs: 'nonzero' };
}

export type { LockEvent };
