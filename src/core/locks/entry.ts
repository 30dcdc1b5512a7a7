/**
 * Entry contexts: the locks a function runs with because every caller in view
 * holds them when calling it. Only a function nobody else can call (static,
 * its address never taken) has a known context; for the others the callers
 * we cannot see may hold anything.
 */
import { dirname } from 'node:path';
import { field, operator, walk, type ParsedFile, type SNode } from '../syntax';
import { declaratorName } from '../syntax/extract';
import { BH_OFF, IRQS_OFF, type Knowledge } from '../knowledge';
import type { RegistrarContext } from '../knowledge/types';
import { designatedMember, functionKey } from '../syntax/kernelIdioms';
import type { CallGraph } from '../callgraph';
import type { CallSiteRecord, EntryContext } from './explore';
import { NESTABLE } from './explore';
import { baseVar, canon, lockClass, MEMBER_PATH, reroot } from './identity';
import type { Held } from './state';
import type { TypeEnv } from './typeEnv';

/**
 * Who may call each function: only callers in view (static, called directly,
 * never used as a value), or something we cannot see (`callback`: its address
 * is taken, so a registry calls it; `unknown`: exported or uncalled).
 */
export function entryContexts(graph: CallGraph, files: ParsedFile[], knowledge: Knowledge): Map<string, EntryContext> {
  const used = valueUses(files, new Set(graph.functions.keys()), knowledge);
  const out = new Map<string, EntryContext>();
  for (const [name, { fn }] of graph.functions) {
    if (used.has(name)) out.set(name, 'callback');
    else if (fn.isStatic && graph.callsTo(name).some((e) => e.kind === 'direct')) out.set(name, 'callers');
    else out.set(name, 'unknown');
  }
  return out;
}

/** How often each function is named other than as the callee of a call: callbacks, ops tables, pointers. */
function valueUses(files: ParsedFile[], names: Set<string>, knowledge: Knowledge): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of files) forEachValueUse(f, knowledge, (name) => names.has(name), (name) => out.set(name, (out.get(name) ?? 0) + 1));
  return out;
}

/**
 * Each identifier `wanted` that is used as a value (not called, not declared,
 * not exported by `EXPORT_SYMBOL()`): a function named so can be called from
 * wherever its address goes.
 */
export function forEachValueUse(f: ParsedFile, knowledge: Knowledge, wanted: (name: string) => boolean, use: (name: string, node: SNode) => void): void {
  for (const { name, node } of identifierValues(f)) if (wanted(name) && !exported(node.parent, f.text, knowledge)) use(name, node);
}

/**
 * Functions the kernel calls with locks or contexts held: through members of operations structs
 * (`.get_ringparam = bnad_get_ringparam` in a `struct ethtool_ops`: under the RTNL lock), or as
 * callbacks of registrars that run them in a context of their own (`timer_setup(&t, fn, 0)`:
 * softirq), by function: the locks as the knowledge writes them (`rtnl_mutex`,
 * `$0->addr_list_lock`, `bh-off`). Only a function every use of which as a value is such a
 * member or callback, with the locks all those uses share.
 */
function kernelCallContexts(files: ParsedFile[], names: ReadonlySet<string>, knowledge: Knowledge, envs: ReadonlyMap<string, TypeEnv>): Map<string, KernelHold[]> {
  if (!knowledge.memberContexts.length && !knowledge.registrarContexts.size) return new Map();
  const held = everyValueUse(
    files,
    names,
    knowledge,
    (node, file) => {
      const locks = heldWhereUsed(node, file, knowledge, envs);
      return locks.length ? locks : undefined;
    },
    (before, now) => before.filter((h) => now.some((x) => x.lock === h.lock)),
  );
  return new Map([...held].filter(([, locks]) => locks.length));
}

/**
 * Functions the kernel calls in process context with interrupts on (a work item, a kthread,
 * a file operation, a driver's probe: entryPoints.processContexts), with why. Only a function
 * every use of which as a value is such a registration or member.
 */
export function processCallbacks(files: ParsedFile[], names: ReadonlySet<string>, knowledge: Knowledge): Map<string, string> {
  if (!knowledge.processMembers.length && !knowledge.processRegistrars.size) return new Map();
  return everyValueUse(files, names, knowledge, (node, file) => processUse(node, file.text, knowledge), (_, now) => now);
}

/**
 * Functions the kernel calls only through members or registrars that hand them an argument no other
 * thread reaches (entryPoints.ownedArguments: a socket being created, or one being released;
 * ownedArgumentRegistrars: a slab constructor's new object), with
 * that parameter and how long it stays the function's own.
 */
export function ownedArgumentCallbacks(files: ParsedFile[], names: ReadonlySet<string>, knowledge: Knowledge): Map<string, { param: number; until: 'published' | 'end' }> {
  if (!knowledge.ownedArguments.length && !knowledge.ownedArgumentRegistrars.size) return new Map();
  return everyValueUse(
    files,
    names,
    knowledge,
    (node, file) => {
      const at = memberInitialized(node, file.text);
      const owned = at ? knowledge.ownedArguments.find((o) => o.struct === at.struct && o.members.includes(at.member)) : registeredBy(node, file.text, knowledge.ownedArgumentRegistrars);
      return owned ? { param: owned.arg, until: owned.until } : undefined;
    },
    (before, now) => (before.param === now.param && before.until === now.until ? now : undefined),
  );
}

/**
 * Each function of `names` every use of which as a value `judge` answers for, with the answers of
 * its uses merged; none where one use has no answer or `merge` finds two that disagree.
 */
function everyValueUse<T>(files: ParsedFile[], names: ReadonlySet<string>, knowledge: Knowledge, judge: (node: SNode, file: ParsedFile) => T | undefined, merge: (before: T, now: T) => T | undefined): Map<string, T> {
  const out = new Map<string, T | null>();
  for (const f of files) {
    forEachValueUse(f, knowledge, (name) => names.has(name), (name, node) => {
      const before = out.get(name);
      if (before === null) return;
      const now = judge(node, f);
      out.set(name, now === undefined ? null : before === undefined ? now : (merge(before, now) ?? null));
    });
  }
  return new Map([...out].flatMap(([name, v]) => (v === null ? [] : [[name, v] as const])));
}

/** Why the kernel calls a function used so in process context, if this use says so. */
function processUse(node: SNode, text: string, knowledge: Knowledge): string | undefined {
  const at = memberInitialized(node, text);
  if (at) {
    const c = knowledge.processMembers.find((m) => m.struct === at.struct && (m.members.includes('*') || m.members.includes(at.member)));
    return c ? `the kernel calls it as ${at.struct}.${at.member}${c.why ? ` (${c.why})` : ''}` : undefined;
  }
  const registrar = registeredBy(node, text, knowledge.processRegistrars);
  return registrar ? `${registrar.name}() registers it${registrar.why ? `: ${registrar.why}` : ''}` : undefined;
}

/** The registrar a function is handed to as its callback argument (`timer_setup(&t, fn, 0)`), if one of these. */
export function registeredBy<R extends { fnArg: number }>(node: SNode, text: string, registrars: ReadonlyMap<string, R>): R | undefined {
  const call = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
  const callee = call?.type === 'call_expression' ? field(call, 'function') : undefined;
  const registrar = callee?.type === 'identifier' ? registrars.get(text.slice(callee.start, callee.end)) : undefined;
  return registrar && node.parent!.children.filter((c) => c.named)[registrar.fnArg] === node ? registrar : undefined;
}

/** Where the kernel runs a handler: a hard interrupt (`request_irq()`) or a softirq (`timer_setup()`, a NAPI poll), and why. */
export interface HandlerContext {
  irq: 'hard' | 'soft';
  why: string;
}

/** One answer per analysis (each builds its own call graph): the rules that ask share it. */
const handlersOf = new WeakMap<CallGraph, Map<string, HandlerContext>>();
const kernelContextsOf = new WeakMap<CallGraph, Map<string, KernelHold[]>>();

/** kernelCallContexts() of the functions in a call graph, made once per graph (the engine's entry contexts and the rules ask alike). */
export function graphKernelContexts(files: ParsedFile[], graph: CallGraph, knowledge: Knowledge, envs: ReadonlyMap<string, TypeEnv>): Map<string, KernelHold[]> {
  let out = kernelContextsOf.get(graph);
  if (!out) kernelContextsOf.set(graph, (out = kernelCallContexts(files, new Set(graph.functions.keys()), knowledge, envs)));
  return out;
}

/** Functions the kernel runs as interrupt handlers or softirq callbacks (kernelCallContexts with interrupts or bottom halves off). */
export function handlerContexts(files: ParsedFile[], graph: CallGraph, knowledge: Knowledge, envs: ReadonlyMap<string, TypeEnv>): Map<string, HandlerContext> {
  let out = handlersOf.get(graph);
  if (out) return out;
  out = new Map();
  for (const [name, holds] of graphKernelContexts(files, graph, knowledge, envs)) {
    const hard = holds.find((h) => h.lock === IRQS_OFF);
    const soft = holds.find((h) => h.lock === BH_OFF);
    if (hard) out.set(name, { irq: 'hard', why: `an interrupt handler (${hard.why})` });
    else if (soft) out.set(name, { irq: 'soft', why: `a softirq callback (${soft.why})` });
  }
  handlersOf.set(graph, out);
  return out;
}

/** A lock or context an operations member or a registered callback is called with (`$0->addr_list_lock`, `bh-off`), and why. */
export interface KernelHold {
  lock: string;
  why: string;
}

/** What the kernel holds when it calls a function used as a value here: as a member of an ops struct, or a registrar's callback. */
function heldWhereUsed(node: SNode, file: ParsedFile, knowledge: Knowledge, envs: ReadonlyMap<string, TypeEnv>): KernelHold[] {
  const text = file.text;
  const at = memberRoleAt(node, file, envs);
  if (at) {
    const why = `the kernel calls ${at.struct}.${at.member} with it held`;
    return knowledge.memberContexts.filter((c) => c.struct === at.struct && (c.members.includes('*') || c.members.includes(at.member))).flatMap((c) => c.held.map((lock) => ({ lock, why })));
  }
  const registrar = registeredBy(node, text, knowledge.registrarContexts);
  if (!registrar || unflagged(node, text, registrar)) return [];
  const why = `${registrar.name}() registers it${registrar.why ? `: ${registrar.why}` : ''}`;
  return registrar.held.map((lock) => ({ lock, why }));
}

/** The registrar's call names the flag that lets its callback run without the contexts (`RTNL_FLAG_DOIT_UNLOCKED`). */
function unflagged(node: SNode, text: string, registrar: RegistrarContext): boolean {
  const unless = registrar.unlessFlag;
  const arg = unless && node.parent!.children.filter((c) => c.named)[unless.arg];
  return !!arg && new RegExp(`\\b${unless.flag}\\b`).test(text.slice(arg.start, arg.end));
}

/** `.member = fn` in the initializer of a variable of `struct S` (`static const struct S ops = {...}`): S and member. */
function memberInitialized(node: SNode, text: string): { struct: string; member: string } | undefined {
  const pair = node.parent?.type === 'initializer_pair' && field(node.parent, 'value') === node ? node.parent : undefined;
  const member = pair && designatedMember(pair);
  const list = pair?.parent;
  const declarator = list?.type === 'initializer_list' ? list.parent : undefined;
  const declaration = declarator?.type === 'init_declarator' ? declarator.parent : undefined;
  const type = declaration?.type === 'declaration' ? field(declaration, 'type') : undefined;
  const tag = type?.type === 'struct_specifier' ? field(type, 'name') : undefined;
  return member && tag ? { struct: text.slice(tag.start, tag.end), member: text.slice(member.start, member.end) } : undefined;
}

/**
 * `urb->complete = fn` in a function that declares `urb` a `struct urb` (its type environment, as
 * typeAround() reads it): the member the kernel calls it through, as an initializer's
 * `.complete = fn` would name it.
 */
function memberAssigned(node: SNode, file: ParsedFile, envs: ReadonlyMap<string, TypeEnv>): { struct: string; member: string } | undefined {
  const assignment = node.parent?.type === 'assignment_expression' && field(node.parent, 'right') === node && operator(node.parent) === '=' ? node.parent : undefined;
  const target = assignment && field(assignment, 'left');
  const object = target?.type === 'field_expression' ? field(target, 'argument') : undefined;
  const member = target && field(target, 'field');
  const struct = object?.type === 'identifier' && member ? typeAround(file, node, file.text.slice(object.start, object.end), envs) : undefined;
  return struct && member ? { struct, member: file.text.slice(member.start, member.end) } : undefined;
}

/** An operations member a function is stored as (`.ndo_open = foo_open`, `urb->complete = fn`). */
export interface MemberRole {
  struct: string;
  member: string;
}

const rolesOf = new WeakMap<CallGraph, ReadonlyMap<string, MemberRole[]>>();

/** The member a function's value is stored as here: in a table's initializer, or by an assignment to a typed variable's member. */
function memberRoleAt(node: SNode, file: ParsedFile, envs: ReadonlyMap<string, TypeEnv>): MemberRole | undefined {
  return memberInitialized(node, file.text) ?? memberAssigned(node, file, envs);
}

/** The operations members each function in view is stored as, by function (one answer per graph). */
export function graphMemberRoles(files: readonly ParsedFile[], graph: CallGraph, envs: ReadonlyMap<string, TypeEnv>): ReadonlyMap<string, MemberRole[]> {
  const known = rolesOf.get(graph);
  if (known) return known;
  const out = new Map<string, MemberRole[]>();
  for (const f of files) {
    if (f.context) continue;
    for (const { name, node } of identifierValues(f)) {
      const at = graph.functions.has(name) ? memberRoleAt(node, f, envs) : undefined;
      if (at) out.set(name, [...(out.get(name) ?? []), at]);
    }
  }
  rolesOf.set(graph, out);
  return out;
}

/** Kept with the file: the whole tree is walked once for it, not once per question. */
const valuesCache = new WeakMap<ParsedFile, ReadonlyArray<{ name: string; node: SNode }>>();

/** The file's identifiers neither called nor declared as functions there, by the name they mean in the file. */
function identifierValues(f: ParsedFile): ReadonlyArray<{ name: string; node: SNode }> {
  const known = valuesCache.get(f);
  if (known) return known;
  const out: Array<{ name: string; node: SNode }> = [];
  // A header read as context uses functions only in the bodies kept from it.
  const look = (n: SNode) => {
    if (n.type !== 'identifier') return true;
    const p = n.parent;
    const callee = p?.type === 'call_expression' && n.field === 'function';
    // So is a macro's name in its `#define` (`#define xip_enable(map, chip, adr)`, the stub one configuration uses).
    const declared = p?.type === 'function_declarator' || ((p?.type === 'preproc_function_def' || p?.type === 'preproc_def') && n.field === 'name');
    // Nor is an operand of `==`/`!=` (`ops->hw_init == foo_hw_init` asks which variant is set): the address goes nowhere.
    const compared = p?.type === 'binary_expression' && ['==', '!='].includes(operator(p) ?? '');
    if (!callee && !declared && !compared) out.push({ name: functionKey(f, f.text.slice(n.start, n.end)), node: n });
    return false;
  };
  for (const root of f.context ? f.functions.map((fn) => fn.body) : [f.root]) walk(root, look);
  valuesCache.set(f, out);
  return out;
}

/** Where a callback is handed to a function in view that calls it, at once, through that parameter. */
export interface Handover {
  /** The function that hands it over, and the line of that call. */
  passer: string;
  line: number;
  helper: string;
  /** Called through a member with the call's own arguments (`ops->init(pdev, hba)`), not handed to a helper that passes its own. */
  direct?: boolean;
}

/**
 * Callbacks only ever handed to functions in view that call them through the
 * parameter (`__iommu_group_for_each_dev(group, data, fn)` calling `fn(dev,
 * data)`), or to iterators the knowledge names (`callbackHelpers`:
 * `ieee80211_iterate_active_interfaces_atomic()`): they run inside that call,
 * with the locks held where they were handed over, not from a registry with
 * nobody's locks.
 */
export function synchronousCallbacks(graph: CallGraph, files: ParsedFile[], knowledge: Knowledge): Map<string, Handover[]> {
  const uses = valueUses(files, new Set(graph.functions.keys()), knowledge);
  // In view, a helper that calls through that parameter; not in view, one the knowledge says calls its callback at once.
  const invokes = (helper: string, param: string | undefined) =>
    graph.functions.has(helper)
      ? graph.callsFrom(helper).some((e) => e.kind === 'indirect' && e.throughParam === param)
      : knowledge.callbackHelpers.some((h) => h.name === helper && param === `#${h.fnArg + 1}`);
  const out = new Map<string, Handover[]>();
  for (const [name, count] of uses) {
    const handed = graph.callsTo(name).filter((e) => e.kind === 'callback');
    if (handed.length !== count || !handed.every((e) => invokes(e.from, e.viaParam) && e.passedIn)) continue;
    out.set(name, handed.map((e) => ({ passer: e.passedIn!, line: e.line, helper: e.from })));
  }
  return out;
}

/**
 * Functions in view whose address is only ever stored in a member of a struct this driver
 * defines (`data->update = lm93_update_client_full;`, or a variant table's `.hw_init = a_hw_init`),
 * with calls through that member in view: a driver's own struct is reached by the driver alone,
 * so every call through the member is one of these, and the function runs inside it, with what
 * it holds (`data->update(data, client)` under `update_lock`) and on the arguments it passes.
 */
export function memberCallbacks(graph: CallGraph, files: ParsedFile[], envs: ReadonlyMap<string, TypeEnv>, knowledge: Knowledge): Map<string, Handover[]> {
  const names = new Set(graph.functions.keys());
  const uses = valueUses(files, names, knowledge);
  // Each function's stores into members: the struct and the member, or null for any other use.
  const stored = new Map<string, Array<{ struct: string; member: string } | null>>();
  for (const f of files) {
    if (f.context) continue;
    for (const { name, node } of identifierValues(f)) {
      if (!names.has(name)) continue;
      stored.set(name, [...(stored.get(name) ?? []), memberStore(f, node, envs, files)]);
    }
  }
  const out = new Map<string, Handover[]>();
  for (const [name, list] of stored) {
    if (list.length !== uses.get(name) || list.some((x) => !x)) continue;
    const handovers: Handover[] = [];
    for (const [caller, { file }] of graph.functions) {
      const env = envs.get(caller);
      for (const e of graph.callsFrom(caller)) {
        const through = e.kind === 'indirect' && env ? calledMember(e.to, env, file, knowledge) : undefined;
        if (through && list.some((x) => x!.member === through.member && x!.struct === through.struct && ownStructs(file, files).has(x!.struct))) handovers.push({ passer: caller, line: e.line, helper: e.to, direct: true });
      }
    }
    if (handovers.length) out.set(name, handovers);
  }
  return out;
}

/**
 * The struct and member an indirect call goes through, the members on the way typed by the
 * file's declarations (`spi->cfg->set_bpw(spi)`: `stm32_spi_cfg` and `set_bpw`); undefined when
 * some type on the way is unknown.
 */
function calledMember(callee: string, env: TypeEnv, file: ParsedFile, knowledge: Knowledge): { struct: string; member: string } | undefined {
  if (!MEMBER_PATH.test(callee) || !/->|\./.test(callee)) return undefined;
  const m = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(lockClass(callee, env, file.structs, knowledge));
  return m ? { struct: m[1], member: m[2] } : undefined;
}

/**
 * `x->member = fn;` (through casts, or through a local the function then stores so: `update =
 * fn; ... data->update = update;`) in a function of `f`, or `.member = fn` in a table's
 * initializer, where the struct is one `f` defines (ownStructs): that struct and member; null
 * for any other use.
 */
function memberStore(f: ParsedFile, node: SNode, envs: ReadonlyMap<string, TypeEnv>, files: readonly ParsedFile[], viaLocal = true): { struct: string; member: string } | null {
  // `.member = fn` in the initializer of a table of such a struct (`static struct foo_privdata a_variant = { .hw_init = a_hw_init }`).
  const initialized = memberInitialized(node, f.text);
  if (initialized) return ownStructs(f, files).has(initialized.struct) ? initialized : null;
  let v = node;
  while (v.parent && (v.parent.type === 'parenthesized_expression' || v.parent.type === 'cast_expression')) v = v.parent;
  const p = v.parent;
  let fn: SNode | null = p;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const left = p?.type === 'assignment_expression' && field(p, 'right') === v ? field(p, 'left') : undefined;
  if (left?.type === 'identifier' && viaLocal && fn) {
    // Kept in a local first: every store of that local must be such a member store.
    const local = f.text.slice(left.start, left.end);
    const stores: Array<{ struct: string; member: string } | null> = [];
    walk(fn, (n) => {
      if (n.type === 'identifier' && n !== left && f.text.slice(n.start, n.end) === local && n.parent?.type === 'assignment_expression' && field(n.parent, 'right') === n) stores.push(memberStore(f, n, envs, files, false));
      return true;
    });
    return stores.length && stores.every((x) => x && x.struct === stores[0]!.struct && x.member === stores[0]!.member) ? stores[0] : null;
  }
  const object = left?.type === 'field_expression' ? field(left, 'argument') : undefined;
  const member = left && field(left, 'field');
  if (!object || object.type !== 'identifier' || !member) return null;
  const struct = typeAround(f, node, f.text.slice(object.start, object.end), envs);
  return struct && ownStructs(f, files).has(struct) ? { struct, member: f.text.slice(member.start, member.end) } : null;
}

/** The type a variable has in the function of `f` around `node` (that function's TypeEnv), if known. */
export function typeAround(f: ParsedFile, node: SNode, name: string, envs: ReadonlyMap<string, TypeEnv>): string | undefined {
  let fn: SNode | null = node.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const declarator = fn && field(fn, 'declarator');
  const owner = declarator && declaratorName(declarator, (n) => f.text.slice(n.start, n.end));
  return owner ? envs.get(functionKey(f, owner))?.get(name)?.typeName : undefined;
}

const ownStructsCache = new WeakMap<ParsedFile, Set<string>>();

/** One directory named twice, once perhaps from the tree's root (`drivers/scsi`) and once in full (`/src/linux/drivers/scsi`). */
function sameDirectory(a: string, b: string): boolean {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

/**
 * Structs the file's own text defines (`struct lm93_data { ... };`), or a header of its own directory
 * that no other C file there includes (myrb.c's `myrb.h`), not those a shared header gave it (lpfc's
 * `lpfc_sli.h`, which every lpfc file includes and calls members of): only those are this file's alone.
 */
export function ownStructs(f: ParsedFile, files: readonly ParsedFile[]): Set<string> {
  const known = ownStructsCache.get(f);
  if (known) return known;
  const out = new Set<string>();
  const dir = dirname(f.path);
  for (const g of [f, ...files.filter((h) => h.context && h.driverPrivate && sameDirectory(dirname(h.path), dir))]) {
    walk(g.root, (n) => {
      if (n.type === 'function_definition') return false;
      const name = n.type === 'struct_specifier' && field(n, 'body') ? field(n, 'name') : undefined;
      if (name) out.add(g.text.slice(name.start, name.end));
      return true;
    });
  }
  ownStructsCache.set(f, out);
  return out;
}

/**
 * Functions an attribute macro registers by pasting their names
 * (`static DEVICE_ATTR_RW(type);` registers `type_show` and `type_store`),
 * with how: `sysfs show callback (DEVICE_ATTR_RW(type))`.
 */
export function attributeCallbacks(files: ParsedFile[], knowledge: Knowledge): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    walk(f.root, (n) => {
      if (n.type === 'function_definition') return false;
      if (n.type !== 'identifier' && n.type !== 'type_identifier') return true;
      const macro = f.text.slice(n.start, n.end);
      const kinds = knowledge.attributeMacros.get(macro);
      const arg = kinds && n.parent ? /^\s*\(\s*([A-Za-z_]\w*)/.exec(f.text.slice(n.end, n.parent.end))?.[1] : undefined;
      if (!arg || !kinds) return false;
      for (const k of kinds) out.set(functionKey(f, `${arg}_${k}`), `a sysfs ${k} callback (${macro}(${arg}))`);
      return false;
    });
  }
  return out;
}

/** `EXPORT_SYMBOL(name)`: the function is exported for direct calls, not handed out as a callback. */
function exported(argList: SNode | null, text: string, knowledge: Knowledge): boolean {
  const call = argList?.parent;
  const fn = call?.type === 'call_expression' ? call.children.find((c) => c.field === 'function') : undefined;
  return !!fn && knowledge.exportMacros.has(text.slice(fn.start, fn.end));
}

/** A call as entry contexts read it: who is called, with which arguments, under which locks. */
export type EntrySite = Pick<CallSiteRecord, 'callee' | 'args' | 'held'> & Partial<Pick<CallSiteRecord, 'argDefs' | 'argLocals' | 'heldDefs'>> & {
  /** A call in another file (the tree index): where (`fs/a.c:12, in f()`). */
  where?: string;
};

/**
 * The locks held at every call of `name` (the calls in view, and those of
 * other files the tree index saw), in the callee's own words (its parameter
 * names), as held on entry.
 */
export function entryFromCallers(name: string, params: string[], line: number, sites: Iterable<EntrySite>, globals: ReadonlySet<string>): Held[] {
  let common: Map<string, Held> | undefined;
  for (const site of sites) {
    if (site.callee !== name) continue;
    const here = new Map<string, Held>();
    for (const h of site.held) {
      const inst = calleeInst(h, site, params, globals);
      if (inst) here.set(inst, { ...h, inst, line, origin: 'caller', count: 1, detached: false, ...(site.where ? { heldBy: site.where } : {}) });
    }
    if (!common) common = here;
    else for (const k of [...common.keys()]) if (!here.has(k)) common.delete(k);
  }
  return [...(common?.values() ?? [])];
}

/**
 * Parameters that every call passes as a member path of another of its arguments
 * (`transport_handle_queue_full(cmd, cmd->se_dev, ...)`): inside, the one is that path of
 * the other (`dev` is `cmd->se_dev`), so a lock taken by one name is given back by the
 * other. Empty when a call passes anything else.
 */
export function parameterAliases(name: string, params: string[], sites: Iterable<EntrySite>): Map<string, string> {
  let found: Map<string, string> | undefined;
  for (const site of sites) {
    if (site.callee !== name) continue;
    const here = new Map<string, string>();
    for (let j = 0; j < params.length; j++) {
      const b = canon(site.args[j] ?? '');
      for (let i = 0; i < params.length && !here.has(params[j]); i++) {
        const a = canon(site.args[i] ?? '');
        if (i === j || !MEMBER_PATH.test(a) || !b.startsWith(`${a}->`) || !MEMBER_PATH.test(b.slice(a.length + 2))) continue;
        here.set(params[j], `${params[i]}->${b.slice(a.length + 2)}`);
      }
    }
    if (!found) found = here;
    else for (const [k, v] of [...found]) if (here.get(k) !== v) found.delete(k);
    if (!found.size) break;
  }
  return found ?? new Map();
}

/** A lock named through a call of its object's accessor (`to_smmu_as(domain)->lock`). */
const ACCESSOR_CALL = /^[A-Za-z_]\w*\(/;

/** A caller's lock as the callee names it: through the argument it is reached from, or a global; undefined when the callee cannot name it. */
export function calleeInst(h: Held, site: Pick<EntrySite, 'args' | 'argDefs' | 'argLocals' | 'heldDefs'>, params: string[], globals: ReadonlySet<string>): string | undefined {
  const base = baseVar(h.inst);
  if (!base || globals.has(base) || NESTABLE.has(h.kind) || !/[>.*]/.test(h.inst)) return h.inst;
  // The most specific argument names it: `nbd` (set to `bdev->bd_disk->private_data`) before `bdev`.
  let best: { inst: string; by: number } | undefined;
  const consider = (inst: string, by: number) => {
    if (!best || by > best.by) best = { inst, by };
  };
  // Also by what the local it is named through was set to on the caller's path (`runtime` is `substream->runtime`).
  const def = site.heldDefs?.get(base);
  for (const inst of [h.inst, ...(def ? [def + h.inst.slice(base.length)] : [])]) {
    for (let i = 0; i < params.length && i < site.args.length; i++) {
      const p = params[i];
      const argDef = site.argDefs?.[i];
      const local = site.argLocals?.[i];
      for (const a of [canon(site.args[i]), ...(argDef ? [argDef] : []), ...(local ? [local] : [])]) {
        if (a.startsWith('&')) {
          const obj = canon(a.slice(1));
          if (inst === obj) consider(`*${p}`, obj.length);
          else if (inst.startsWith(obj + '.')) consider(`${p}->${inst.slice(obj.length + 1)}`, obj.length);
        } else if (inst === `*${a}`) consider(`*${p}`, a.length);
        else if (inst.startsWith(a + '->')) consider(p + inst.slice(a.length), a.length);
        // Through an accessor of the argument (`to_smmu_as(domain)->lock`): the accessor of the parameter.
        else if (ACCESSOR_CALL.test(inst) && reroot(inst, a, p)) consider(reroot(inst, a, p)!, a.length);
      }
    }
    if (best) break;
  }
  return best?.inst;
}
