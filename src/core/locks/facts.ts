/**
 * Facts about the functions in view that every walk consults: which ones only
 * read (so a test calling one twice gets one answer), and which semaphores
 * count rather than lock.
 */
import { field, operator, unparen, walk, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import type { CallGraph } from '../callgraph';
import { assignedTo, assignmentsIn, constantValue, identifiersIn, writtenValue, valueNode } from './expr';
import { applyPath, canon, instVars, lockClass } from './identity';
import { isGlobalName, type Knowledge } from '../knowledge';
import type { FunctionSummary } from './summaryTypes';
import type { TypeEnv } from './typeEnv';
import { writtenParams } from './stablePaths';
import { isPath, stripCasts } from './walkSyntax';
import { freedArgument, unsharedObjects, type Makers } from './ownership';

/** An assignment or increment of anything but a plain variable: a write others may see. */
function writesShared(n: SNode): boolean {
  if (n.type !== 'assignment_expression' && n.type !== 'update_expression') return false;
  const target = field(n, n.type === 'assignment_expression' ? 'left' : 'argument');
  return !target || unparen(target).type !== 'identifier';
}

/** `n = obj->count;`: reading the object's data into a local is using it, not only locking it. */
function readsFieldIntoLocal(n: SNode): boolean {
  if (n.type !== 'assignment_expression' && n.type !== 'init_declarator') return false;
  const value = field(n, n.type === 'assignment_expression' ? 'right' : 'value');
  let reads = false;
  if (value) walk(value, (x) => {
    // A call is judged as a call; `&o->m` takes an address, it reads nothing.
    if (x.type === 'call_expression' || (x.type === 'pointer_expression' && x.children[0]?.type === '&')) return false;
    if (x.type === 'field_expression') reads = true;
    return !reads;
  });
  return reads;
}

/**
 * Functions in view whose body writes nothing but its own locals and calls only such functions,
 * pure calls of the knowledge, or `queries` (functions not in view that the code only ever asks).
 */
export function pureFunctions(graph: CallGraph, knowledge: Knowledge, queries: ReadonlySet<string>): Set<string> {
  const candidates = new Map<string, string[]>();
  for (const [name, { fn, file }] of graph.functions) {
    let writes = false;
    const calls: string[] = [];
    walk(fn.body, (n) => {
      if (writes) return false;
      if (writesShared(n)) writes = true;
      else if (n.type === 'call_expression') {
        const callee = calleeName(file, n);
        if (!callee || knowledge.primitives.has(callee)) writes = true;
        else calls.push(callee);
      }
      return true;
    });
    if (!writes) candidates.set(name, calls);
  }
  // Drop those that call something impure, until nothing changes.
  keepClosed(candidates, (c) => pureByKnowledge(knowledge, c) || queries.has(c));
  return new Set(candidates.keys());
}

/** A call the knowledge calls pure, or one that only computes an address (`container_of(inode, struct x, vfs)`). */
export function pureByKnowledge(knowledge: Knowledge, callee: string): boolean {
  return knowledge.calls.pure.has(callee) || knowledge.calls.memberToContainer.has(callee);
}

/**
 * Semaphore classes initialised with a count other than one: at zero a down waits
 * for an up another context posts (an event, as a completion is), above one they
 * count slots (taken in one context, given back in another). Neither locks.
 */
export function countingSemaphores(graph: CallGraph, envs: Map<string, TypeEnv>, knowledge: Knowledge): Set<string> {
  const out = new Set<string>();
  for (const [name, { file }] of graph.functions) {
    const env = envs.get(name);
    if (!env) continue;
    for (const { kind, to, node } of graph.callsFrom(name)) {
      if (kind !== 'direct' || !knowledge.calls.countingInitializers.has(to)) continue;
      const [sem, count] = callArgs(node);
      if (!sem || !count || constantValue(count, file.text, new Map(), knowledge.configOff) === 1) continue;
      out.add(lockClass(applyPath('$', file.text.slice(sem.start, sem.end)), env, file.structs, knowledge));
    }
  }
  return out;
}

/**
 * Fields the code in view counts references with by hand: a function decrements one and
 * tests it for zero, itself or in a function it calls (`fw_event->users--; if
 * (!fw_event->users) kfree(fw_event);`, `if (!--dc->ref)`, or `node->tmp_refs--;` before
 * a helper that frees the node once `!node->tmp_refs`), by class (`struct.field`). An
 * increment of such a field pins its object as a reference getter would.
 */
export function countedFields(graph: CallGraph, envs: Map<string, TypeEnv>, knowledge: Knowledge): Set<string> {
  // Paths first, by function; classes only for the fields some function decrements (a field test is common, a count rare).
  const found = new Map<string, { down: string[]; zero: string[] }>();
  const members = new Set<string>();
  for (const [name, { fn, file }] of graph.functions) {
    const down: string[] = [];
    const zero: string[] = [];
    walk(fn.body, (n) => {
      const path = countedPlace(n, file.text, '-');
      if (path) {
        down.push(path);
        members.add(lastField(path));
        // `if (!--x->refs)`: decremented and tested at once.
        if (n.parent?.type === 'unary_expression' || n.parent?.type === 'binary_expression' || n.parent?.type === 'parenthesized_expression') zero.push(path);
      } else if (n.type === 'field_expression' && zeroTested(n, file.text)) zero.push(canon(file.text.slice(n.start, n.end)));
      return true;
    });
    if (down.length || zero.length) found.set(name, { down, zero });
  }
  const classes = (name: string, paths: string[]) => {
    const env = envs.get(name);
    const file = graph.functions.get(name)?.file;
    return new Set(env && file ? paths.filter((p) => members.has(lastField(p))).map((p) => lockClass(p, env, file.structs, knowledge)) : []);
  };
  const tested = new Map([...found].map(([name, f]) => [name, classes(name, f.zero)]));
  const out = new Set<string>();
  for (const [name, f] of found) {
    if (!f.down.length) continue;
    const callees = graph.callsFrom(name).filter((e) => e.kind === 'direct').map((e) => tested.get(e.to));
    for (const c of classes(name, f.down)) if (tested.get(name)?.has(c) || callees.some((t) => t?.has(c))) out.add(c);
  }
  return out;
}

/** The last member of a path: `refs` of `x->obj.refs`. */
function lastField(path: string): string {
  return /(\w+)$/.exec(path)?.[1] ?? path;
}

/**
 * Functions in view that raise a counted field of an object a parameter hands them on
 * every path (`node->tmp_refs++;`), by parameter position: reference getters of their own.
 */
export function countRaisers(graph: CallGraph, envs: Map<string, TypeEnv>, knowledge: Knowledge, counted: ReadonlySet<string>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  if (!counted.size) return out;
  for (const [name, { fn, file }] of graph.functions) {
    const env = envs.get(name);
    const params = new Map(fn.params.map((p, i) => [p.name, i]));
    if (!env || !params.size) continue;
    walk(fn.body, (n) => {
      const path = countedPlace(n, file.text, '+');
      if (!path || !counted.has(lockClass(path, env, file.structs, knowledge)) || !runsOnEveryPath(n, fn.body, file.text)) return true;
      const at = params.get(instVars(path)[0] ?? '');
      if (at !== undefined) out.set(name, (out.get(name) ?? new Set()).add(at));
      return true;
    });
  }
  return out;
}

/**
 * List heads, by class, whose every entry linked in view is an element of an array (`new =
 * &phba->fcf.fcf_pri[i]; list_add(&new->list, &phba->fcf.fcf_pri_list)`): a preallocated pool,
 * whose entries move between lists but are never freed one by one. What a walk of such a list
 * finds lives as long as the array, not as long as the lock that guards the list.
 */
export function interiorLists(graph: CallGraph, envs: Map<string, TypeEnv>, knowledge: Knowledge): Set<string> {
  const pooled = new Map<string, boolean>();
  for (const [name, { fn, file }] of graph.functions) {
    const env = envs.get(name);
    if (!env) continue;
    // What each local is given, for `&new->list` through a local.
    const given = new Map<string, SNode[]>();
    for (const a of valuesGiven(fn.body, file.text)) given.set(a.target, [...(given.get(a.target) ?? []), a.value]);
    const element = (n: SNode | undefined): boolean => {
      const u = n && unparen(n);
      if (!u) return false;
      if (u.type === 'subscript_expression') return true;
      if (u.type === 'pointer_expression' && operator(u) === '&') return element(field(u, 'argument'));
      const values = u.type === 'identifier' ? given.get(file.text.slice(u.start, u.end)) : undefined;
      return !!values?.length && values.every((v) => element(v));
    };
    walk(fn.body, (n) => {
      if (n.type !== 'call_expression' || !knowledge.calls.linkers.has(calleeName(file, n) ?? '')) return true;
      const [entry, head] = callArgs(n).map((a) => unparen(a));
      const node = entry?.type === 'pointer_expression' && operator(entry) === '&' ? unparen(field(entry, 'argument')!) : undefined;
      const headPath = head?.type === 'pointer_expression' && operator(head) === '&' ? unparen(field(head, 'argument')!) : undefined;
      if (!headPath || !isPath(headPath)) return true;
      const cls = lockClass(canon(file.text.slice(headPath.start, headPath.end)), env, file.structs, knowledge);
      // `&obj->node`: obj must be an array's element.
      const obj = node?.type === 'field_expression' ? field(node, 'argument') : undefined;
      pooled.set(cls, (pooled.get(cls) ?? true) && element(obj));
      return true;
    });
  }
  return new Set([...pooled].filter(([, all]) => all).map(([cls]) => cls));
}

/** `x->f++` / `x->f--` (either side), or `x->f += 1` / `x->f -= 1`: the field path, for the sign asked. */
export function countedPlace(n: SNode, text: string, sign: '+' | '-'): string | undefined {
  let target: SNode | undefined;
  if (n.type === 'update_expression' && operator(n) === `${sign}${sign}`) target = field(n, 'argument') ?? undefined;
  else if (n.type === 'assignment_expression' && operator(n) === `${sign}=`) {
    const right = field(n, 'right');
    if (right && writtenValue(right, text) === 1) target = field(n, 'left') ?? undefined;
  }
  const u = target && unparen(target);
  return u?.type === 'field_expression' ? canon(text.slice(u.start, u.end)) : undefined;
}

/** `!x->f`, `x->f == 0`, `x->f != 0`, or `x->f` as a branch's whole condition. */
function zeroTested(n: SNode, text: string): boolean {
  let x = n;
  while (x.parent?.type === 'parenthesized_expression') x = x.parent;
  const p = x.parent;
  if (!p) return false;
  if (p.type === 'unary_expression' && operator(p) === '!') return true;
  if (p.type === 'binary_expression' && (operator(p) === '==' || operator(p) === '!=')) {
    const other = field(p, 'left') === x ? field(p, 'right') : field(p, 'left');
    return !!other && writtenValue(other, text) === 0;
  }
  return p.type === 'condition_clause' || (p.type === 'if_statement' && field(p, 'condition') === x);
}

/**
 * A function whose body only takes or drops locks (and tests, and returns),
 * leaving its caller with a lock taken or given back: a lock primitive of its
 * own for its callers, not a user of locks.
 */
export function isLockWrapper(fn: FunctionInfo, file: ParsedFile, knowledge: Knowledge, summaries: Map<string, FunctionSummary>): boolean {
  if (implementsPrimitive(fn.name, knowledge)) return true;
  // It must leave the caller with a lock taken or given back, or itself take one on some paths
  // only (`if (!test_bit(...)) down_write(...)`: a lock-all step, a lock chosen by a flag).
  const summary = summaries.get(fn.name);
  if (!summary?.effects.length && !summary?.takes.some((t) => !t.chain.length && !t.restores)) return false;
  // Rules ask for the same function again: one walk of its body per summary.
  const cached = wrappers.get(summary);
  if (cached !== undefined) return cached;
  const answer = lockOnlyBody(fn, file, knowledge, summaries);
  wrappers.set(summary, answer);
  return answer;
}

const wrappers = new WeakMap<FunctionSummary, boolean>();

/**
 * A function in view that the table lists as a primitive is that primitive's
 * implementation (kernel/locking/): callers get the table's contract, and how
 * its body keeps it is the primitive's business, not a finding.
 */
export function implementsPrimitive(name: string, knowledge: Knowledge): boolean {
  return knowledge.primitives.has(name);
}

function lockOnlyBody(fn: FunctionInfo, file: ParsedFile, knowledge: Knowledge, summaries: Map<string, FunctionSummary>): boolean {
  let locks = 0;
  let other = false;
  const naming = lockNamingLocals(fn, file, knowledge);
  walk(fn.body, (n) => {
    if (other) return false;
    // `struct resv_map *map = vma_resv_map(vma);` before `down_read(&map->rw_sema)`: finding the lock is part of taking it.
    const named = namingStatement(n, file.text, naming);
    if (named) {
      if (named.some((v) => writesSomething(v))) other = true;
      return false;
    }
    if (writesShared(n) || readsFieldIntoLocal(n)) other = true;
    else if (n.type === 'call_expression') {
      const callee = calleeName(file, n);
      const summary = callee ? summaries.get(callee) : undefined;
      if (callee && knowledge.primitives.has(callee)) {
        // What names the lock (`raw_spin_unlock(rq_lockp(rq))`) is part of the lock operation.
        locks++;
        return false;
      } else if (summary && summary.effects.length) locks++;
      // A test (`if (has_current_bpf_ctx()) return;`) decides whether to lock; it is not other work.
      else if (inCondition(n)) return true;
      // Nor is stopping the kernel when a check fails (`BUG()`).
      else if (!callee || !(knowledge.calls.pure.has(callee) || knowledge.calls.noEffect.has(callee) || knowledge.calls.noreturn.has(callee))) other = true;
    }
    return true;
  });
  return locks > 0 && !other;
}

/**
 * Functions in view that hand back an object with a reference taken on it
 * (`__dget(alias); return alias;`, `get_hdr(nfsi->layout); return nfsi->layout;`),
 * one they allocated (`lo = kzalloc(...); return lo;`), one they took out of the list others
 * find it on (`list_del_init(&cmd->list); return cmd;`), an address inside the object they were
 * handed (`return &card->ports[i];`: it lives as long as that object, which the caller holds),
 * or one another such function gave them, or NULL or an error pointer: for their callers they
 * are reference getters, so what they return is the caller's to keep.
 */
export function referenceReturners(graph: CallGraph, knowledge: Knowledge): Set<string> {
  const candidates = new Map<string, string[]>();
  for (const [name, { fn, file }] of graph.functions) {
    if (!fn.returnType.includes('*')) continue;
    const r = returnsOf(fn, file, knowledge);
    const via: string[] = [];
    const ok = r.nonNull.length > 0 && r.nonNull.every((v) => {
      const text = canon(file.text.slice(v.start, v.end));
      if (v.type === 'identifier') {
        if (r.referenced.has(text) || r.allocated.has(text) || r.unlinked.has(text) || r.interior(v)) return true;
        // Set from a call of a function in view: owned if every such function is a returner.
        const from = (r.assignedFrom.get(text) ?? []).filter((c) => graph.functions.has(c));
        via.push(...from);
        return from.length > 0;
      }
      if (v.type === 'field_expression') return r.referencedPaths.has(text);
      if (r.interior(v)) return true;
      const callee = v.type === 'call_expression' ? calleeName(file, v) : undefined;
      if (callee) via.push(callee);
      return !!callee;
    });
    if (ok) candidates.set(name, via);
  }
  // A return of another function's result counts when that one is a returner too.
  keepClosed(candidates, (c) => knowledge.calls.referenceGetters.has(c));
  return new Set(candidates.keys());
}

/**
 * Functions in view that return only an object they allocated and did not publish (`card =
 * kzalloc(...); ...; return card;`, or NULL or an error pointer, or another such function's result): what they
 * return is the caller's alone until the caller publishes it.
 */
export function allocatingReturners(graph: CallGraph, knowledge: Knowledge, makers: Omit<Makers, 'allocating'>): Set<string> {
  const candidates = new Map<string, string[]>();
  // Every function in view that returns a pointer may be one, until shown otherwise below.
  const maybe = new Set([...graph.functions].filter(([, { fn }]) => fn.returnType.includes('*')).map(([name]) => name));
  for (const [name, { fn, file }] of graph.functions) {
    if (!maybe.has(name)) continue;
    // Read only for a function that returns a local (most return calls, fields or constants).
    let own: Map<string, number> | undefined;
    const unpublished = (v: string) => (own ??= unsharedObjects(fn, file, knowledge, { ...makers, allocating: maybe })).get(v) === Infinity;
    const r = returnsOf(fn, file, knowledge);
    const via: string[] = [];
    const ok = r.nonNull.length > 0 && r.nonNull.every((returned) => {
      // `return &priv->id;`: a member of the object, which is the caller's alone as the object is.
      const v = memberOf(returned) ?? returned;
      const text = file.text.slice(v.start, v.end);
      // Assigned an allocation (or a candidate's result), never published before the return.
      if (v.type === 'identifier') {
        if (!unpublished(text)) return false;
        const from = r.assignedFrom.get(text) ?? [];
        if (r.allocated.has(text)) return !from.length;
        via.push(...from);
        return from.length > 0;
      }
      const callee = v.type === 'call_expression' ? calleeName(file, v) : undefined;
      if (callee && !knowledge.calls.allocators.has(callee)) via.push(callee);
      return !!callee && (knowledge.calls.allocators.has(callee) || graph.functions.has(callee));
    });
    if (ok) candidates.set(name, via);
  }
  keepClosed(candidates, () => false);
  return new Set(candidates.keys());
}

/** `&p->id` (or `&p->a.b`): the variable `p` whose object the address is inside. */
function memberOf(n: SNode): SNode | undefined {
  const u = stripCasts(unparen(n));
  let x = u.type === 'pointer_expression' && operator(u) === '&' ? field(u, 'argument') : undefined;
  if (!x || x.type !== 'field_expression') return undefined;
  while (x && x.type === 'field_expression') x = field(x, 'argument') && unparen(field(x, 'argument')!);
  return x?.type === 'identifier' ? x : undefined;
}

/** What a function returns and where its locals came from, in one walk of its body. */
function returnsOf(fn: FunctionInfo, file: ParsedFile, knowledge: Knowledge) {
  /** Locals set to an allocator's result. */
  const allocated = new Set<string>();
  /** Locals set to another call's result, by the callees. */
  const assignedFrom = new Map<string, string[]>();
  /** Variables, and paths as they are (`nfsi->layout`), handed to a reference getter. */
  const referenced = new Set<string>();
  const referencedPaths = new Set<string>();
  /** Variables whose object was taken out of a shared collection (the first argument of an unlinker). */
  const unlinked = new Set<string>();
  const returned: SNode[] = [];
  const given = valuesGiven(fn.body, file.text);
  const params = new Set(fn.params.map((p) => p.name));
  // An object a parameter's member points at (`priv = hw->priv`) is the parameter's too: the caller reaches it so.
  const owners = new Set([...params, ...reachedFrom(given, file.text, params)]);
  const inside = localsInside(given, file.text, owners, (v) => constantValue(v, file.text, new Map(), knowledge.configOff) === 0);
  walk(fn.body, (n) => {
    if (n.type === 'call_expression') {
      const callee = calleeName(file, n);
      if (!callee) return true;
      if (knowledge.calls.referenceGetters.has(callee)) {
        for (const a of callArgs(n)) {
          for (const v of identifiersIn(a, file.text)) referenced.add(v);
          referencedPaths.add(canon(file.text.slice(a.start, a.end)));
        }
      }
      // `list_del_init(&cmd->list)`: cmd is out of the list others find it on.
      if (knowledge.calls.unlinkers.has(callee)) for (const a of callArgs(n).slice(0, 1)) for (const v of identifiersIn(a, file.text).slice(0, 1)) unlinked.add(v);
      const target = assignedTo(n, file.text);
      if (target && knowledge.calls.allocators.has(callee)) allocated.add(target);
      else if (target) assignedFrom.set(target, [...(assignedFrom.get(target) ?? []), callee]);
    } else if (n.type === 'return_statement') {
      const v = n.children.find((c) => c.named);
      if (v) returned.push(unparen(v));
    }
    return true;
  });
  // NULL and error pointers (`ERR_PTR(-ENOMEM)`) are no object.
  const nonNull = returned.filter((v) => constantValue(v, file.text, new Map(), knowledge.configOff) !== 0 && !(v.type === 'call_expression' && knowledge.calls.errorPointerMakers.has(calleeName(file, v) ?? '')));
  const interior = (v: SNode) => addressInside(v, file.text, owners) || (v.type === 'identifier' && inside.has(file.text.slice(v.start, v.end)));
  return { allocated, assignedFrom, referenced, referencedPaths, unlinked, interior, nonNull };
}

/**
 * Locals every value of which is an address inside an owner's object (`curr = &stat->buf[i]`),
 * NULL, or another such local (`found = NULL; ... found = curr;`): what they hold lives as long
 * as that object, and is never freed apart from it.
 */
function localsInside(given: ReadonlyArray<{ target: string; value: SNode }>, text: string, owners: ReadonlySet<string>, isNull: (v: SNode) => boolean): Set<string> {
  const out = new Set(given.map((a) => a.target).filter((t) => !owners.has(t)));
  // Each round drops a local given anything else; what is left after a round that drops none holds.
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of given) {
      if (!out.has(a.target)) continue;
      const u = stripCasts(unparen(a.value));
      const ok = addressInside(u, text, owners) || isNull(u) || (u.type === 'identifier' && out.has(text.slice(u.start, u.end)));
      if (!ok) changed = out.delete(a.target) || changed;
    }
  }
  return out;
}

/** `x = value` and `T *x = value` in a body: each plain variable given a whole new value, with it (not `x += 1`, `x++`). */
function valuesGiven(body: SNode, text: string): Array<{ target: string; value: SNode }> {
  return assignmentsIn(body, text).flatMap((a) => (!a.compound && a.value ? [{ target: a.target, value: a.value }] : []));
}

/** Locals given only members of parameters, as they are (`priv = hw->priv`): they name an object the caller reaches. */
function reachedFrom(given: ReadonlyArray<{ target: string; value: SNode }>, text: string, params: ReadonlySet<string>): Set<string> {
  const member = new Map<string, boolean>();
  for (const a of given) {
    const u = unparen(a.value);
    const ok = !params.has(a.target) && u.type === 'field_expression' && isPath(u) && params.has(identifiersIn(u, text)[0] ?? '');
    member.set(a.target, (member.get(a.target) ?? true) && ok);
  }
  return new Set([...member].flatMap(([v, ok]) => (ok ? [v] : [])));
}

/** `&card->ports[i]`, `&dev->stats`: an address inside what a parameter points at (it lives as long as that object). */
function addressInside(v: SNode, text: string, params: ReadonlySet<string>): boolean {
  const u = unparen(v);
  if (u.type !== 'pointer_expression' || operator(u) !== '&') return false;
  const of = field(u, 'argument');
  const path = of && unparen(of);
  if (!path || path.type === 'identifier' || !isPath(path)) return false;
  const root = identifiersIn(path, text)[0];
  return !!root && params.has(root);
}

/**
 * Functions in view that free what a parameter points at (`lcs_free_card(card)` ends in
 * `kfree(card)`), themselves or through another such function, by parameter position.
 */
export function freeingFunctions(graph: CallGraph, knowledge: Knowledge): Map<string, Set<number>> {
  return parametersHandedTo(graph, (c) => {
    const freed = freedArgument(c, knowledge);
    return freed === undefined ? undefined : (at) => at === freed;
  }, false, nameAsIs);
}

/** The variable an argument is, as it is (`p`, `(p)`). */
function nameAsIs(arg: SNode, text: string): string[] {
  const u = unparen(arg);
  return u.type === 'identifier' ? [text.slice(u.start, u.end)] : [];
}

/** A construct that runs what it contains on some paths only. */
const CONDITIONAL = new Set(['if_statement', 'for_statement', 'while_statement', 'do_statement', 'switch_statement', 'conditional_expression']);

/**
 * `n` runs on every path through `body` on which `object` (a parameter) is an object: a branch
 * taken only when it is not NULL (`if (p) list_del(&p->list)`) skips nothing there is.
 */
function runsOnEveryPath(n: SNode, body: SNode, text: string, object?: string): boolean {
  for (let x: SNode = n; x.parent && x.parent !== body; x = x.parent) {
    const up = x.parent;
    if (object && up.type === 'if_statement' && field(up, 'consequence') === x && testsNonNull(field(up, 'condition'), object, text)) continue;
    if (CONDITIONAL.has(up.type)) return false;
    if (up.type === 'binary_expression' && (operator(up) === '&&' || operator(up) === '||')) return false;
  }
  return true;
}

/** `(p)`, `(p != NULL)`: true exactly when `name` is not NULL. */
function testsNonNull(cond: SNode | null | undefined, name: string, text: string): boolean {
  const c = cond && unparen(cond);
  if (c?.type === 'identifier') return text.slice(c.start, c.end) === name;
  if (c?.type !== 'binary_expression' || operator(c) !== '!=') return false;
  const sides = [field(c, 'left'), field(c, 'right')].map((x) => (x ? text.slice(x.start, x.end).trim() : ''));
  return sides.includes(name) && sides.some((t) => t === 'NULL' || t === '0');
}

/**
 * Functions in view that keep an object their caller hands them, by parameter
 * position: on every path they take a reference on it (`atomic_inc(&req->pin)`)
 * or take it out of where others find it (`hlist_del_init(&ch->node)`), themselves
 * or through another such function. For their callers, the object is theirs after
 * an unlock, as after a reference getter or an unlinker of the knowledge.
 */
export function objectKeepers(graph: CallGraph, knowledge: Knowledge, raisers: ReadonlyMap<string, ReadonlySet<number>> = new Map()): Map<string, Set<number>> {
  const raising = (c: string) => {
    const at = raisers.get(c);
    return at && ((k: number) => at.has(k));
  };
  const out = parametersHandedTo(graph, (c) => (knowledge.calls.referenceGetters.has(c) || knowledge.calls.unlinkers.has(c) ? anyArgument : raising(c)), true, identifiersIn);
  for (const [name, at] of raisers) out.set(name, new Set([...(out.get(name) ?? []), ...at]));
  return out;
}

/**
 * Functions in view whose body never names some of their parameters, by position (a callback's
 * fixed signature, an argument kept for later use): what a caller hands them there is not read.
 */
export function unreadParameters(graph: CallGraph): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const [name, { fn, file }] of graph.functions) {
    // Every identifier, a called one too (`cb(obj)` reads `cb`).
    const named = new Set<string>();
    walk(fn.body, (n) => {
      if (n.type === 'identifier') named.add(file.text.slice(n.start, n.end));
      return true;
    });
    const unread = new Set(fn.params.flatMap((p, k) => (p.name && !named.has(p.name) ? [k] : [])));
    if (unread.size) out.set(name, unread);
  }
  return out;
}

/**
 * Functions in view that give back a reference on an object their caller hands them,
 * by parameter position (`refcount_dec_and_test(&entry->usecnt)` inside), on some path,
 * themselves or through another such function: a caller that hands one over held a
 * reference on it.
 */
export function objectPutters(graph: CallGraph, knowledge: Knowledge): Map<string, Set<number>> {
  return parametersHandedTo(graph, (c) => (knowledge.calls.referencePutters.has(c) ? anyArgument : undefined), false, objectHanded);
}

/**
 * The object an argument hands over itself: `v`, or `&v->kref` (a member embedded in it);
 * not `v->sk`, another object it points at.
 */
function objectHanded(arg: SNode, text: string): string[] {
  let u = unparen(arg);
  while (u.type === 'cast_expression') u = unparen(field(u, 'value') ?? u);
  if (u.type === 'identifier') return [text.slice(u.start, u.end)];
  if (u.type !== 'pointer_expression' || operator(u) !== '&') return [];
  let x = field(u, 'argument') ?? undefined;
  while (x && unparen(x).type === 'field_expression') x = field(unparen(x), 'argument') ?? undefined;
  return x && unparen(x).type === 'identifier' ? [text.slice(unparen(x).start, unparen(x).end)] : [];
}

const anyArgument = () => true;

/**
 * The parameters (by position) each function in view hands (as `namesOf` reads an
 * argument) to a call of a class, itself or through another such function; on every
 * path, or on some. `known` says, for a callee of the class, which of its arguments it
 * takes (`kfree(p)`: the first), and nothing for any other callee.
 */
function parametersHandedTo(graph: CallGraph, known: (callee: string) => ((at: number) => boolean) | undefined, everyPath: boolean, namesOf: (arg: SNode, text: string) => readonly string[]): Map<string, Set<number>> {
  const direct = new Map<string, Set<number>>();
  /** Calls of functions in view: callee, its argument position, our parameter there. */
  const through: Array<{ from: string; callee: string; arg: number; param: number }> = [];
  for (const [name, { fn, file }] of graph.functions) {
    const params = new Map(fn.params.map((p, i) => [p.name, i]));
    if (!params.size) continue;
    // The call graph's edges are the body's calls by name, found once (a walk per fact costs 20 ms on a big file).
    for (const { kind, to: callee, node: n } of graph.callsFrom(name)) {
      if (kind !== 'direct') continue;
      const takes = known(callee);
      if (!takes && !graph.functions.has(callee)) continue;
      callArgs(n).forEach((arg, k) => {
        if (takes && !takes(k)) return;
        for (const v of namesOf(arg, file.text)) {
          const i = params.get(v);
          if (i === undefined || (everyPath && !runsOnEveryPath(n, fn.body, file.text, v))) continue;
          if (takes) direct.set(name, (direct.get(name) ?? new Set()).add(i));
          else through.push({ from: name, callee, arg: k, param: i });
        }
      });
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of through) {
      if (!direct.get(t.callee)?.has(t.arg) || direct.get(t.from)?.has(t.param)) continue;
      direct.set(t.from, (direct.get(t.from) ?? new Set()).add(t.param));
      changed = true;
    }
  }
  return direct;
}

/**
 * The variables whose reference a call inside `node` gives back: handed (or a member
 * embedded in them) to a reference putter (`kref_put(&pg->kref, release)`), or to a function in
 * view that puts that parameter (`putArguments`). What one gives back, one held.
 */
export function givenBackIn(node: SNode, file: ParsedFile, knowledge: Knowledge, putArguments: (callee: string) => ReadonlySet<number> | undefined): Set<string> {
  const out = new Set<string>();
  walk(node, (n) => {
    if (n.type !== 'call_expression') return true;
    const callee = calleeName(file, n) ?? '';
    const puts = knowledge.calls.referencePutters.has(callee) ? undefined : putArguments(callee);
    if (!puts && !knowledge.calls.referencePutters.has(callee)) return true;
    callArgs(n).forEach((arg, k) => {
      if (!puts || puts.has(k)) for (const v of objectHanded(arg, file.text)) out.add(v);
    });
    return true;
  });
  return out;
}

/**
 * Fields that point at a lock, by the class they are read as (`ci_hw_ep.lock`), with the
 * class of the lock every assignment in view points them at (`hwep->lock = &ci->lock`:
 * `ci_hdrc.lock`). A field pointed at two classes is left out.
 */
export function lockPointers(graph: CallGraph, envs: Map<string, TypeEnv>, knowledge: Knowledge): Map<string, string> {
  const seen = new Map<string, Set<string>>();
  for (const [name, { fn, file }] of graph.functions) {
    const env = envs.get(name);
    if (!env) continue;
    walk(fn.body, (n) => {
      if (n.type !== 'assignment_expression' || operator(n) !== '=') return true;
      const left = field(n, 'left');
      const right = field(n, 'right');
      const target = right && unparen(right);
      if (!left || unparen(left).type !== 'field_expression' || target?.type !== 'pointer_expression' || operator(target) !== '&') return true;
      const place = canon(file.text.slice(unparen(left).start, unparen(left).end));
      const pointee = canon(file.text.slice(target.start + 1, target.end));
      const from = lockClass(place, env, file.structs, knowledge);
      const to = lockClass(pointee, env, file.structs, knowledge);
      // Both named by their structs' fields, not left as the text they were written as.
      if (from === place || to === pointee || from === to) return true;
      seen.set(from, (seen.get(from) ?? new Set()).add(to));
      return true;
    });
  }
  return new Map([...seen].filter(([, to]) => to.size === 1).map(([from, to]) => [from, [...to][0]]));
}

/** Drops candidates that depend on a function neither known nor still a candidate, until nothing changes. */
function keepClosed(candidates: Map<string, string[]>, known: (callee: string) => boolean): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, deps] of candidates) {
      if (deps.every((c) => known(c) || candidates.has(c))) continue;
      candidates.delete(name);
      changed = true;
    }
  }
}

/**
 * Functions not in view that the code only ever asks, never tells: every call
 * sits in a branch condition (or keeps its answer in a field) and names a parameter or local of its caller
 * (`if (!hub_is_superspeed(hub->hdev))` before down_read() and again before
 * up_read()). Two tests of one such question on a path get one answer. Known
 * side effects (primitives, reference getters, atomics, allocators, sleeps)
 * are never queries, nor are calls about no variable (`kthread_should_stop()`).
 */
export function conditionQueries(graph: CallGraph, knowledge: Knowledge, envs: Map<string, TypeEnv>): Set<string> {
  const asked = new Set<string>();
  const told = new Set<string>();
  for (const [name, { file }] of graph.functions) {
    const env = envs.get(name);
    for (const { kind, to: callee, node: n } of graph.callsFrom(name)) {
      if (kind !== 'direct' || graph.functions.has(callee)) continue;
      // A parameter or local of the caller (declared, so not `current` or a global).
      const aboutVariable = callArgs(n).some((a) => identifiersIn(a, file.text).some((v) => !!env?.get(v) && !isGlobalName(knowledge, file.globals, v)));
      if (inCondition(n) && aboutVariable) asked.add(callee);
      // Its answer kept in a field (`port->console = uart_console(port)`) tells nothing of effects.
      else if (!storedInField(n)) told.add(callee);
    }
  }
  const effects = (c: string) => knowledge.primitives.has(c) || knowledge.calls.referenceGetters.has(c) || knowledge.calls.unlinkers.has(c) || knowledge.calls.detachingGetters.has(c) || knowledge.calls.locklessAccessors.has(c) || knowledge.calls.allocators.has(c) || knowledge.calls.sleeping.has(c);
  return new Set([...asked].filter((c) => !told.has(c) && !effects(c)));
}

/** `x->f = call(...)`: the call's value is stored in a field. */
function storedInField(call: SNode): boolean {
  const x = valueNode(call);
  const p = x.parent;
  const left = p?.type === 'assignment_expression' && field(p, 'right') === x ? field(p, 'left') : undefined;
  return !!left && unparen(left).type === 'field_expression';
}

/**
 * The function's locals used for nothing but naming a lock: every read of them is inside the
 * arguments of a lock primitive (not of a function that does work besides, even a locking one).
 */
function lockNamingLocals(fn: FunctionInfo, file: ParsedFile, knowledge: Knowledge): Set<string> {
  const params = new Set(fn.params.map((p) => p.name));
  const uses = new Map<string, boolean>();
  walk(fn.body, (n) => {
    if (n.type !== 'identifier') return true;
    const name = file.text.slice(n.start, n.end);
    const p = n.parent;
    // Its declaration or its assignment names it; it is not a use.
    if (p && ((p.type === 'init_declarator' && field(p, 'declarator') === n) || (p.type === 'assignment_expression' && field(p, 'left') === n) || p.type.endsWith('declarator'))) return true;
    let inLockCall = false;
    for (let x: SNode | null = p; x && !x.type.endsWith('statement'); x = x.parent) {
      if (x.type === 'argument_list' && x.parent?.type === 'call_expression') {
        const callee = calleeName(file, x.parent);
        if (callee && knowledge.primitives.has(callee)) inLockCall = true;
        break;
      }
    }
    uses.set(name, (uses.get(name) ?? true) && inLockCall);
    return true;
  });
  return new Set([...uses].filter(([v, only]) => only && !params.has(v) && !isGlobalName(knowledge, file.globals, v)).map(([v]) => v));
}

/** The values a statement gives lock-naming locals, when that is all it does (`x = ...;`, `T *x = ...;`); undefined otherwise. */
function namingStatement(n: SNode, text: string, naming: ReadonlySet<string>): SNode[] | undefined {
  const target = (x: SNode | undefined) => {
    let d = x;
    while (d && d.type !== 'identifier') d = field(d, 'declarator');
    return d ? text.slice(d.start, d.end) : undefined;
  };
  if (n.type === 'declaration') {
    const inits = n.children.filter((c) => c.field === 'declarator');
    if (!inits.length || !inits.every((d) => naming.has(target(d) ?? ''))) return undefined;
    return inits.flatMap((d) => (d.type === 'init_declarator' && field(d, 'value') ? [field(d, 'value')!] : []));
  }
  if (n.type === 'expression_statement') {
    const e = n.children[0];
    if (e?.type === 'assignment_expression' && operator(e) === '=' && naming.has(target(field(e, 'left')) ?? '') && field(e, 'left')?.type === 'identifier') return [field(e, 'right')!];
  }
  return undefined;
}

/** Anything in `n` that writes (`x->y = z`, `x++`, `a = b`): more than naming a lock. */
function writesSomething(n: SNode): boolean {
  let found = false;
  walk(n, (x) => {
    if (found) return false;
    if (writesShared(x) || x.type === 'assignment_expression' || x.type === 'update_expression') found = true;
    return !found;
  });
  return found;
}

/** Within an if/while/for condition or a ?: test, through operators, parentheses and call arguments. */
function inCondition(n: SNode): boolean {
  for (let x: SNode | null = n; x?.parent; x = x.parent) {
    const p: SNode = x.parent;
    if (x.field === 'condition') return true;
    if (/statement$|^declaration$|^init_declarator$|^compound_statement$/.test(p.type) || p.type === 'assignment_expression') return false;
  }
  return false;
}

/** A lock accessor: the lock it returns, as a path from one of its parameters (`&$->__lock` from parameter 0). */
export interface LockAccessor {
  param: number;
  /** The returned address with the parameter as `$`: `&$->__lock`. */
  path: string;
}

/**
 * Functions in view that only read and return the address of a lock reached from a
 * parameter (`rq_lockp(rq)`: `return &rq->__lock;`): a lock handed to a
 * primitive through one is that lock. With several returns, the last one
 * names it: special cases return early (`&rq->core->__lock` when core
 * scheduling is on), the way out at the end is the common case.
 */
export function lockAccessors(graph: CallGraph, knowledge: Knowledge): Map<string, LockAccessor> {
  const out = new Map<string, LockAccessor>();
  for (const [name, { fn, file }] of graph.functions) {
    if (!fn.returnType.includes('*')) continue;
    let last: SNode | undefined;
    let acts = false;
    walk(fn.body, (n) => {
      if (n.type === 'return_statement') last = n.children.find((c) => c.named);
      // It only reads: no shared writes, no locking of its own.
      else if (writesShared(n) || (n.type === 'call_expression' && knowledge.primitives.has(calleeName(file, n) ?? ''))) acts = true;
      return !acts;
    });
    if (acts) continue;
    const text = last ? file.text.slice(last.start, last.end).replace(/\s+/g, '') : '';
    const m = /^&([A-Za-z_]\w*)((?:(?:->|\.)[A-Za-z_]\w*)+)$/.exec(text);
    const param = m ? fn.params.findIndex((p) => p.name === m[1]) : -1;
    if (m && param >= 0) out.set(name, { param, path: `&$${m[2]}` });
  }
  return out;
}

/**
 * A function's own flags in a field (`trans->removing_chunk = true` before it takes a lock,
 * `= false` after it gives it back, `if (trans->removing_chunk)` at its common exit): fields
 * that, in view, only this function writes, only with constants, both zero and not, through
 * one path from a parameter it never reassigns, and whose address nobody takes. The function
 * may assume such a field at rest (zero) on entry, when every one of its returns leaves it so
 * (explore checks that, and walks again without the assumption when one does not).
 */
export function ownFlags(graph: CallGraph, knowledge: Knowledge): Map<string, Map<string, number>> {
  const byField = new Map<string, { writers: Set<string>; paths: Set<string>; values: Set<number>; plain: boolean }>();
  const seen = (f: string) => byField.get(f) ?? byField.set(f, { writers: new Set(), paths: new Set(), values: new Set(), plain: true }).get(f)!;
  for (const [name, { fn, file }] of graph.functions) {
    const src = (n: SNode) => file.text.slice(n.start, n.end);
    walk(fn.body, (n) => {
      const target = n.type === 'assignment_expression' ? field(n, 'left') : n.type === 'update_expression' ? field(n, 'argument') : n.type === 'pointer_expression' && operator(n) === '&' ? field(n, 'argument') : undefined;
      const place = target && unparen(target);
      const member = place?.type === 'field_expression' ? field(place, 'field') : undefined;
      if (!place || !member) return true;
      const f = seen(src(member));
      f.writers.add(name);
      f.paths.add(canon(src(place)));
      const value = n.type === 'assignment_expression' && operator(n) === '=' ? field(n, 'right') : undefined;
      const v = value ? constantValue(value, file.text, new Map(), knowledge.configOff) : undefined;
      if (v === undefined) f.plain = false;
      else f.values.add(v === 0 ? 0 : 1);
      return true;
    });
  }
  const out = new Map<string, Map<string, number>>();
  for (const f of byField.values()) {
    if (!f.plain || f.writers.size !== 1 || f.paths.size !== 1 || f.values.size !== 2) continue;
    const [name] = f.writers;
    const [path] = f.paths;
    const { fn, file } = graph.functions.get(name)!;
    const root = /^([A-Za-z_]\w*)->/.exec(path)?.[1];
    if (!root || !fn.params.some((p) => p.name === root) || writtenParams(file, fn).has(root)) continue;
    out.set(name, (out.get(name) ?? new Map()).set(path, 0));
  }
  return out;
}
