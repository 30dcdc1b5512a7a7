/**
 * Which objects a function has to itself: allocated here and not yet published,
 * or freed here. Shared by the rules that ask whether an access can race.
 */
import { field, named, operator, unparen, walk, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import type { Knowledge } from '../knowledge';
import type { CallGraph } from '../callgraph';
import type { TypeEnv } from './typeEnv';
import { assignedTo } from './expr';
import { stripCasts } from './walkSyntax';
import { stableLocals } from './stablePaths';

/**
 * Functions in view that make objects (return only what they allocated), free them, or
 * only use them without publishing them (both by parameter position).
 */
export interface Makers {
  allocating: ReadonlySet<string>;
  freeing: ReadonlyMap<string, ReadonlySet<number>>;
  keeping: ReadonlyMap<string, ReadonlySet<number>>;
}

/**
 * Objects no other thread can reach at a point of this function, with the
 * offset up to which that holds: allocated here (by an allocator, or a function
 * in view that returns only what it allocated) or made here (its own lock
 * initialised: nobody takes a lock before that), with the memory inside it
 * (`bp = netdev_priv(dev)`), until published (handed to a call other than one
 * that only looks at the pointer or keeps it in the device being probed, linked into a list through a
 * member, or stored anywhere but a local or an object not published yet, with
 * which it is then published); or freed here, by a deallocator or a function in
 * view that frees it (unpublished before), all along.
 */
export function unsharedObjects(
  fn: FunctionInfo,
  file: ParsedFile,
  knowledge: Knowledge,
  makers: Makers,
  env?: TypeEnv,
  owned?: { param: number; until: 'published' | 'end' },
  /** Handing an object to a handler the call starts (`request_irq(..., priv)`) is no publication here: the caller weighs what that handler reaches. */
  startsApart = false,
): Map<string, number> {
  const { allocating, freeing, keeping } = makers;
  const out = new Map<string, number>();
  /** Allocated here, not published yet. */
  const fresh = new Set<string>();
  /** Memory inside a fresh object, by the object's variable: published with it. */
  const inside = new Map<string, string[]>();
  // A parameter the kernel hands over owned (entryPoints.ownedArguments): fresh, or ours all along;
  // so are locals that only name it again (`struct nfs_inode *nfsi = foo;` of a slab constructor's object).
  const ownedParam = owned ? fn.params[owned.param]?.name : undefined;
  if (ownedParam) {
    const same = [ownedParam, ...[...stableLocals(file, fn, knowledge)].filter(([, path]) => path === ownedParam).map(([local]) => local)];
    for (const v of same) {
      if (owned!.until === 'end') out.set(v, Infinity);
      else {
        fresh.add(v);
        inside.set(v, same.filter((w) => w !== v));
      }
    }
  }
  const text = file.text;
  const name = (n: SNode | null | undefined) => {
    const u = n && stripCasts(unparen(n));
    return u?.type === 'identifier' ? text.slice(u.start, u.end) : undefined;
  };
  /** Memory allocated with a fresh object (`bp = netdev_priv(dev)`) is fresh with it. */
  const within = (n: SNode) => {
    const inner = sameAllocationOf(n, file, knowledge, env);
    if (!inner || !fresh.has(inner.of) || out.has(inner.target)) return;
    fresh.add(inner.target);
    inside.set(inner.of, [...(inside.get(inner.of) ?? []), inner.target]);
  };
  /** Locals set from a place others reach (`d = ar->dbr[id]`, `&d->data`): a lock initialised there makes nothing new. */
  const reached = reachedLocals(text);
  /** Handed to a handler not turned on yet (dormantPublishers): published at the next arming call. */
  const dormant = new Set<string>();
  /** Published inside a branch that leaves the function (an error path's put), restored after it. */
  let leaving: string[] | undefined;
  const published = (v: string | undefined, at: number) => {
    if (!v || !fresh.delete(v)) return;
    out.set(v, at);
    leaving?.push(v);
    for (const w of inside.get(v) ?? []) published(w, at);
  };
  const visit = (n: SNode): boolean => {
    const then = n.type === 'if_statement' ? field(n, 'consequence') : undefined;
    if (then && leavesFunction(then)) {
      // What a branch that returns hands over is not handed over on the way past it (the
      // condition, the branch and the `else` are read in their order).
      for (const c of n.children) {
        if (c !== then) {
          walk(c, visit);
          continue;
        }
        const outer = leaving;
        leaving = [];
        walk(then, visit);
        for (const v of leaving) {
          if (fresh.has(v) || out.get(v) === Infinity) continue;
          fresh.add(v);
          out.delete(v);
        }
        leaving = outer;
      }
      return false;
    }
    if (n.type === 'call_expression') {
      const callee = calleeName(file, n) ?? '';
      const args = callArgs(n);
      const freed = freedArgument(callee, knowledge);
      if (freed !== undefined || freeing.has(callee)) {
        const frees = freeing.get(callee) ?? new Set([freed]);
        for (const [k, arg] of args.entries()) {
          const v = frees.has(k) ? name(arg) : undefined;
          if (v) out.set(v, Infinity);
        }
      } else if (knowledge.calls.allocators.has(callee) || allocating.has(callee)) {
        const target = assignedTo(n, text);
        if (target && !out.has(target)) fresh.add(target);
      } else if (knowledge.calls.outParamAllocators.has(callee)) {
        // `snd_card_new(..., &card)`: made through its last argument.
        const last = args.length ? stripCasts(unparen(args[args.length - 1])) : undefined;
        const target = last?.type === 'pointer_expression' && operator(last) === '&' ? name(field(last, 'argument')) : undefined;
        if (target && !out.has(target)) fresh.add(target);
      } else if (knowledge.calls.lockInitializers.has(callee)) {
        // `spin_lock_init(&obj->lock)`: obj is being made (nobody takes a lock not yet initialised).
        const made = args.length ? initialisedMember(args[0], text)?.owner : undefined;
        if (made && !out.has(made) && !reached.has(made)) fresh.add(made);
      } else if (knowledge.calls.sameAllocation.has(callee)) {
        within(n);
      } else if (knowledge.calls.memberToContainer.has(callee) && assignedTo(n, text)) {
        // `priv = container_of(id, struct iwcm_id_private, id)` of a fresh member: the fresh object itself,
        // published when either name is. (Handed on as it is computed, it is published as before.)
        const target = assignedTo(n, text);
        const of = name(args[0]);
        if (target && of && target !== of && fresh.has(of) && !out.has(target)) {
          fresh.add(target);
          inside.set(of, [...(inside.get(of) ?? []), target]);
          inside.set(target, [...(inside.get(target) ?? []), of]);
        }
      } else if (knowledge.calls.dormantPublishers.has(callee)) {
        // `acpi_install_gpe_handler(..., k)`: the handler stays off until an arming call turns it on.
        for (const arg of args) {
          const v = name(arg);
          if (v && fresh.has(v)) dormant.add(v);
        }
      } else if (knowledge.calls.armingCalls.has(callee)) {
        for (const v of dormant) published(v, n.start);
        dormant.clear();
      } else if (startsApart && knowledge.contextStarts.has(callee)) {
        // Handed to the handler this starts (see startsApart).
      } else if (!knowledge.calls.driverDataSetters.has(callee) && !looksOnly(callee, knowledge)) {
        const kept = keeping.get(callee);
        for (const [k, arg] of args.entries()) if (!kept?.has(k)) published(name(arg), n.start);
        if (knowledge.calls.linkers.has(callee)) for (const arg of args) published(memberOwner(arg, text), n.start);
      }
    } else if (n.type === 'field_expression') {
      // `chip = card->private_data`: memory allocated with a fresh card.
      within(n);
    } else if (n.type === 'init_declarator') {
      reached.note(field(n, 'declarator'), field(n, 'value'));
    } else if (n.type === 'assignment_expression') {
      const left = field(n, 'left');
      reached.note(left, field(n, 'right'));
      // Into a local: still ours (into a global: published).
      if (!left || (unparen(left).type === 'identifier' && !file.globals.has(text.slice(unparen(left).start, unparen(left).end)))) return true;
      const v = name(field(n, 'right'));
      // Kept inside an object not published yet (or inside itself): published with that object.
      const holder = pathRoot(left, text);
      if (holder && v && fresh.has(holder) && fresh.has(v)) {
        if (holder !== v) inside.set(holder, [...(inside.get(holder) ?? []), v]);
      } else published(v, n.start);
    }
    return true;
  };
  walk(fn.body, visit);
  for (const v of fresh) out.set(v, Infinity);
  return out;
}

/**
 * Where a function initialises locks inside objects it names (`spin_lock_init(&req->lock)`:
 * `req`, member `lock`, at the call's offset). Until then nobody holds such a lock: what the
 * function does to the object before, it does with no holder of that lock to race.
 */
export function lockInitsOf(fn: FunctionInfo, file: ParsedFile, knowledge: Knowledge): Map<string, Array<{ at: number; member: string }>> {
  const out = new Map<string, Array<{ at: number; member: string }>>();
  // (Not in an object found where others reach it: that lock may be live, initialised again.)
  const reached = reachedLocals(file.text);
  walk(fn.body, (n) => {
    if (n.type === 'init_declarator') reached.note(field(n, 'declarator'), field(n, 'value'));
    else if (n.type === 'assignment_expression') reached.note(field(n, 'left'), field(n, 'right'));
    if (n.type !== 'call_expression' || !knowledge.calls.lockInitializers.has(calleeName(file, n) ?? '')) return true;
    const arg = callArgs(n)[0];
    const made = arg ? initialisedMember(arg, file.text) : undefined;
    if (made && !reached.has(made.owner)) out.set(made.owner, [...(out.get(made.owner) ?? []), { at: n.start, member: made.member }]);
    return false;
  });
  return out;
}

/** Helpers followed down for the locks they initialise in their parameters' objects, at most. */
const MAX_INIT_DEPTH = 3;

/**
 * lockInitsOf(), with a helper in view that initialises a lock in what a parameter points at
 * (`init_priv_lock(priv)` around `spin_lock_init(&priv->rf_ps_lock)`) counted at its call, for
 * the variable handed to it.
 */
export function lockInitsWithHelpers(fn: FunctionInfo, file: ParsedFile, knowledge: Knowledge, graph: CallGraph, depth = 0): Map<string, Array<{ at: number; member: string }>> {
  const out = lockInitsOf(fn, file, knowledge);
  if (depth >= MAX_INIT_DEPTH) return out;
  walk(fn.body, (n) => {
    if (n.type !== 'call_expression') return true;
    const helper = graph.functions.get(calleeName(file, n) ?? '');
    if (!helper || helper.fn === fn) return true;
    const inner = lockInitsWithHelpers(helper.fn, helper.file, knowledge, graph, depth + 1);
    if (!inner.size) return true;
    const args = callArgs(n);
    helper.fn.params.forEach((p, k) => {
      const members = inner.get(p.name);
      const arg = args[k] && stripCasts(unparen(args[k]));
      if (members && arg?.type === 'identifier') {
        const v = file.text.slice(arg.start, arg.end);
        out.set(v, [...(out.get(v) ?? []), ...members.map((m) => ({ at: n.start, member: m.member }))]);
      }
    });
    return true;
  });
  return out;
}

/** Locals last set from a place others reach (`d = ar->dbr[id]`, `&d->data`), as a walk meets the settings. */
function reachedLocals(text: string): { note(left: SNode | null | undefined, right: SNode | null | undefined): void; has(v: string): boolean } {
  const reached = new Set<string>();
  return {
    note(left, right) {
      let d = left;
      while (d?.type === 'pointer_declarator') d = field(d, 'declarator');
      const u = d && stripCasts(unparen(d));
      const v = u?.type === 'identifier' ? text.slice(u.start, u.end) : undefined;
      const r = right && stripCasts(unparen(right));
      if (!v || !r) return;
      const place = r.type === 'pointer_expression' && operator(r) === '&' ? field(r, 'argument') : r;
      if (place && (place.type === 'field_expression' || place.type === 'subscript_expression')) reached.add(v);
      else reached.delete(v);
    },
    has: (v) => reached.has(v),
  };
}

/** `obj` and `lock` of `&obj->lock`: the object whose own member a lock initialiser is given, and that member. */
function initialisedMember(arg: SNode, text: string): { owner: string; member: string } | undefined {
  const a = stripCasts(unparen(arg));
  const member = a.type === 'pointer_expression' && operator(a) === '&' ? field(a, 'argument') : undefined;
  const obj = member?.type === 'field_expression' && operator(member) === '->' ? field(member, 'argument') : undefined;
  const f = member && field(member, 'field');
  const u = obj && unparen(obj);
  return u?.type === 'identifier' && f ? { owner: text.slice(u.start, u.end), member: text.slice(f.start, f.end) } : undefined;
}

/** The argument a kernel deallocator frees: kfree(p) its first, kmem_cache_free(cache, obj) its second. */
export function freedArgument(callee: string, knowledge: Knowledge): number | undefined {
  if (knowledge.calls.deallocators.has(callee)) return 0;
  return knowledge.calls.poolDeallocators.has(callee) ? 1 : undefined;
}

/**
 * A local set to memory allocated with another variable's object: `bp = netdev_priv(dev)`,
 * or a field that points into it (`chip = card->private_data`, by the field's class).
 */
export function sameAllocationOf(n: SNode, file: ParsedFile, knowledge: Knowledge, env?: TypeEnv): { target: string; of: string } | undefined {
  const text = file.text;
  const target = assignedTo(n, text);
  if (!target) return undefined;
  let of: SNode | undefined;
  if (n.type === 'call_expression' && knowledge.calls.sameAllocation.has(calleeName(file, n) ?? '')) of = callArgs(n)[0];
  else if (n.type === 'field_expression' && env) {
    const obj = field(n, 'argument');
    const f = field(n, 'field');
    const u = obj && unparen(obj);
    const type = u?.type === 'identifier' ? env.get(text.slice(u.start, u.end))?.typeName : undefined;
    if (type && f && knowledge.sameAllocationFields.has(`${type}.${text.slice(f.start, f.end)}`)) of = u;
  }
  const u = of && stripCasts(unparen(of));
  return u?.type === 'identifier' && text.slice(u.start, u.end) !== target ? { target, of: text.slice(u.start, u.end) } : undefined;
}

/**
 * Functions in view that do not publish what a parameter points at, by position
 * (`cma_src_addr(id_priv)` only reads the address of a member): handing them a fresh
 * object keeps it fresh. A parameter is published when the function stores, copies or
 * returns it as it is, links it, or hands it on to a call that may publish it.
 */
export function keepingFunctions(graph: CallGraph, knowledge: Knowledge): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const handed: Array<{ from: string; param: number; callee: string; at: number }> = [];
  for (const [fnName, { fn, file }] of graph.functions) {
    const params = fn.params.map((p) => p.name);
    const kept = new Set(params.keys());
    const paramOf = (n: SNode | null | undefined) => {
      const u = n && stripCasts(unparen(n));
      return u?.type === 'identifier' ? params.indexOf(file.text.slice(u.start, u.end)) : -1;
    };
    walk(fn.body, (n) => {
      if (n.type === 'call_expression') {
        const callee = calleeName(file, n) ?? '';
        if (looksOnly(callee, knowledge)) return true;
        for (const [at, arg] of callArgs(n).entries()) {
          const k = paramOf(arg);
          if (k >= 0 && graph.functions.has(callee)) handed.push({ from: fnName, param: k, callee, at });
          else if (k >= 0) kept.delete(k);
          if (knowledge.calls.linkers.has(callee)) kept.delete(params.indexOf(memberOwner(arg, file.text) ?? ''));
        }
      } else if (n.type === 'assignment_expression' || n.type === 'init_declarator' || n.type === 'return_statement') {
        // Stored, copied or given back: where it goes from there is not followed.
        kept.delete(paramOf(n.type === 'assignment_expression' ? field(n, 'right') : n.type === 'init_declarator' ? field(n, 'value') : n.children.find((c) => c.named)));
      }
      return true;
    });
    out.set(fnName, kept);
  }
  // Handed on to a function that may publish it: may be published.
  for (let changed = true; changed; ) {
    changed = false;
    for (const h of handed) {
      if (!out.get(h.from)?.has(h.param) || out.get(h.callee)?.has(h.at)) continue;
      out.get(h.from)!.delete(h.param);
      changed = true;
    }
  }
  return out;
}

/**
 * Calls that only look at a pointer (`IS_ERR(p)`, `pr_debug("%p", p)`) or use the memory it names and keep
 * nothing of it (`memcpy(p, ...)`, `snprintf(p->name, ...)`): handing it to them publishes nothing.
 */
function looksOnly(callee: string, knowledge: Knowledge): boolean {
  const c = knowledge.calls;
  return c.errorPointerTests.has(callee) || c.errorPointerValues.has(callee) || c.pure.has(callee) || c.sizeOnly.has(callee) || c.logging.has(callee) || c.formatters.has(callee) || c.nonPublishing.has(callee);
}

/** `&p->node` (or `&p->a.b`): `p`. */
function memberOwner(arg: SNode, text: string): string | undefined {
  const u = unparen(arg);
  const of = u.type === 'pointer_expression' && operator(u) === '&' ? field(u, 'argument') : null;
  return of ? pathRoot(of, text, false) : undefined;
}

/** The variable a member path starts from (`target->dev->htc_cnxt`: `target`), through array elements too unless told not to. */
function pathRoot(n: SNode, text: string, throughElements = true): string | undefined {
  let x: SNode | null = unparen(n);
  while (x && (x.type === 'field_expression' || (throughElements && x.type === 'subscript_expression'))) {
    const arg = field(x, 'argument');
    x = arg ? unparen(arg) : null;
  }
  return x?.type === 'identifier' ? text.slice(x.start, x.end) : undefined;
}

/**
 * A branch whose last statement returns (`{ put(obj); return -ENOMEM; }`): the code after it never
 * follows it. (Not a `goto`: the code at its label follows it.)
 */
function leavesFunction(branch: SNode): boolean {
  const last = branch.type === 'compound_statement' ? named(branch).filter((c) => c.type !== 'comment').pop() : branch;
  return last?.type === 'return_statement';
}
