/**
 * Walks one function's CFG with abstract lock states, applying lock
 * primitives, guards, and the summaries of the functions it calls. States
 * are merged per block when they agree on their shape (held locks, pending
 * trylocks, tracked pointers), keeping the facts of each (a few ways apart, factSet.ts), so the cost grows
 * with distinct states, not with paths. A step bound, a per-block state bound
 * and a time budget say when they cut the walk short. Records what the rules
 * need: path ends, lock states per line, call sites, lock-order edges and
 * suspicious events.
 */
import { CONSTANT_NAME, field, isUnsignedType, Scopes, operator, unparen, walk, type Annotation, type FunctionInfo, type ParsedFile, type SNode, type Severity } from '../syntax';
import { callArgs, calleeName, functionKey, guardStatement } from '../syntax/kernelIdioms';
import { addressOnlyArguments } from '../syntax/printFormat';
import { lockInitsOf } from './ownership';
import type { Cfg, CfgBlock, CfgEdge, CfgItem, GuardRef } from '../cfg';
import type { LockEvent } from './api';
import { caseKeys, conditionValue, equalityKey, keyVariables, orderedOperands, renameKeyVariables, steppedVariable } from './conditions';
import { oneOfKey, outsideConstants } from './argValues';
import { ENTRY_TAG, EXIT_TAG, type FactSet } from './factSet';
import { assertedOutcome, assignedTo, assignmentsIn, storesCallResult, type Assignment, derefName, storedOutcome, callsInOrder, constantValue, identifiersIn, isReturned, joinedBy, namesFlag, RETURN_SLOT, valueNode } from './expr';
import { applyPath, baseVar, canon, elementOf, fromRef, instVars, isMemberPath, kindOfClass, lockClass, MEMBER_PATH, refKey, reroot, rerootMember, RETURNED, wrap, type LockRef } from './identity';
import { ATOMIC, BH_OFF, classedByKnowledge, IRQS_OFF, RECURSIVE_READ_IN_INTERRUPT, SLEEPING, type ArgumentFlag, type CallbackHelper, type Knowledge, type LockPrimitive } from '../knowledge';
import { handOffOf, keptKey, mayHaveReleased } from './handOff';
import { onlyANumber } from './numberArgs';
import { addressedVariables, annotationNames, containerLocals, containerNames, throughContainers, throughLocals } from './stablePaths';
import { collapseAccessors } from './containerAccessors';
import { droppedHold, rootOf, sameObjectHeld, type NamedHold } from './sameObject';
import { shortFieldName } from './fieldMacros';
import { expandAccessMacros } from './accessMacros';
import { RankQueue, reversePostorder } from './worklist';
import type { ResultKept } from './resultKeepers';
import { dereferencedIn, resultCodeTest, resultCodeOf, flattenComma, identifierTokens, impliedBy, isPath, isTested, iteratorName, splitCondition, stripCasts, type ResultCodeTest } from './walkSyntax';
export { splitCondition } from './walkSyntax';
import { commonValues, eventsOf, offFlags, PathState, ridesWithHeld, takenOnPath, type BitTest, type CallerRelease, type ConditionalEffect, type EventNode, type Held, type Implication, type KeptIf, NONZERO, type LockMeta, type ParamValues, type ReturnSign } from './state';
import { bitsEdge } from './resultBits';
export { eventsOf } from './state';
import type { ArgCondition, ArgOneOf, ContainerLock, FunctionSummary, SummaryCase, SummaryEffect, SummarySleep, SummaryTake } from './summaryTypes';
import { casesInCaller, selfComparison } from './summaryCases';
import { countedPlace, givenBackIn, type LockAccessor } from './facts';
import { comparedWithCurrent, ownerRecords, type OwnerRecord } from './ownerRecords';
import type { PathMemory, Watcher, WatcherKind, WatchedIncident, WalkPoint } from './watch';
import type { TypeEnv } from './typeEnv';

export interface ExploreOptions {
  maxPaths: number;
  maxSteps: number;
}

/**
 * Where a function's entry locks come from: every caller in view; a registry that
 * calls it back (its address is taken: a sysfs show, an ops method); or callers we cannot see.
 */
export type EntryContext = 'callers' | 'callback' | 'unknown';

/** No variable's value known: for a test whose own constants alone decide it. */
const NO_CONSTS: ReadonlyMap<string, number> = new Map();

/** The address of a member embedded in an object, through no pointer but the object's own (`&ci->vfs.inode`): the object. */
const EMBEDDED_MEMBER = /^&([A-Za-z_]\w*)->\w+(?:\.\w+)*$/;

/** A test's key that is a call of bare names (`node_to_grp(kn)`): a query of the arguments themselves. */
const PURE_QUERY_KEY = /^([A-Za-z_]\w*)\(\s*[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s*\)$/;

export interface ExploreContext {
  file: ParsedFile;
  fn: FunctionInfo;
  /** Rules' watchers: each function's walk gets one of each. */
  watchers: readonly WatcherKind[];
  cfg: Cfg;
  env: TypeEnv;
  knowledge: Knowledge;
  summaries: Map<string, FunctionSummary>;
  /** Defined functions passed as `param` to `helper` at its call sites. */
  callbacksFor(helper: string, param: string): string[];
  /** The functions in view an operations table's member is set to. */
  operations(member: string): readonly string[];
  entry: Held[];
  /** Parameters every caller passes as a member path of another (`dev` is `cmd->se_dev`): one object by two names. */
  entryAliases?: ReadonlyMap<string, string>;
  context: EntryContext;
  /** Calls whose answer does not change along a path (for correlated conditions). */
  isPure(callee: string): boolean;
  /** A function in view that returns the address of a lock of one of its parameters. */
  accessor(callee: string): LockAccessor | undefined;
  /** A function in view that returns an object with a reference taken (or NULL). */
  returnsReferenced(callee: string): boolean;
  /** A function in view that keeps (references or unlinks) the objects at these argument positions. */
  keptArguments(callee: string): ReadonlySet<number> | undefined;
  /** A function in view that takes these arguments (by position) out of their lists on the ways its result says. */
  keptByResult(callee: string): ResultKept | undefined;
  /** A function in view that gives back a reference on these arguments (by position). */
  putArguments(callee: string): ReadonlySet<number> | undefined;
  /** A function in view whose body never names these parameters (by position): what it is handed there, it never reads. */
  unreadArguments(callee: string): ReadonlySet<number> | undefined;
  /** Fields that point at a lock, by their class, with the class of the lock they point at. */
  pointsTo: ReadonlyMap<string, string>;
  /** Whether a callee is in this function's recursion (same call-graph cycle). */
  recursive(callee: string): boolean;
  /** Semaphore classes initialised with a count other than one: events or counters, not locks. */
  counters: ReadonlySet<string>;
  /** Fields counted as references by hand (`struct.field`): raising one pins its object. */
  counted: ReadonlySet<string>;
  /** List heads, by class, whose entries are all elements of arrays (linked, never freed on their own: facts.ts). */
  interiorLists: ReadonlySet<string>;
  /** Functions that only answer container_of() of their parameter, with its member (containerAccessors.ts). */
  containerAccessors: ReadonlyMap<string, string>;
  /** Locals that stand for one path from the parameters all along: locks through them are named by it. */
  locals: ReadonlyMap<string, string>;
  /** Parameters the function never writes, and globals: names that stay one object all along. */
  fixedRoot(name: string): boolean;
  /** Wall-clock time (ms) after which the walk stops and says so. */
  deadline: number;
  /** Which argument of a loop macro is its cursor: as the definitions in view or the knowledge say. */
  iteratorEntry(macro: string): number;
  /** Named integer constants: the knowledge's and those the files in view define. */
  constants: ReadonlyMap<string, number>;
  options: ExploreOptions;
  /** Fields only this function sets, to constants, taken at rest on entry (facts.ts ownFlags): each end must leave them so. */
  ownFlags?: ReadonlyMap<string, number>;
}

export interface PathEnd {
  events: LockEvent[];
  endLine: number;
  returnValue?: string;
  /** The returned variable by the name of another the path found it equal to (`new_base` after `base != new_base` was false). */
  returnedAs?: string;
  /** The result code the path returns as written (`-EAGAIN`, a named nonzero constant), if it does. */
  returnCode?: string;
  /** The lock-keeping codes its result carries (`VM_FAULT_LOCKED`, as written or as the returned variable was set): knowledge lockKeepingCodes. */
  keepingCodes?: string[];
  retClass: 'zero' | 'nonzero' | 'unknown';
  /** The returned value's sign, where the path knows it. */
  retSign?: ReturnSign;
  held: Held[];
  releasedCaller: Map<string, { line: number; meta: LockMeta; quiet?: boolean; savedIn?: string }>;
  /** Locks this function took on every path reaching this end. */
  took: Set<string>;
  /** Where the path may have slept on the way to this end: the parameters' values known there. */
  slept: ParamValues | null;
  /** The same, where it slept with every lock it was called with still held. */
  sleptHolding: ParamValues | null;
  /** Locks this function may have taken on the way to this end, with the parameters' values known where it did. */
  mayTook: Map<string, ParamValues>;
  /** Variables handed to or returned by functions not in view on the way here. */
  opaque: Set<string>;
  /** Parameters known to be zero (NULL) or not at this end. */
  paramValues: ParamValues;
  /** Constants this path wrote through pointer parameters (`*dropped = 1`), by parameter index. */
  outValues: Map<number, number>;
  /** Variables this path stored through pointer parameters (`*head2_ret = head2`), by parameter index: what the caller's variable names after the call. */
  outPointers: Map<number, string>;
  /** The branch facts of the ways that reach this end. */
  facts: FactSet;
  /** Variables and paths this path knows to be NULL (zero) here, as it names them. */
  nulls: string[];
}

/** The lock a callee names through the container of its parameter, for the argument `&x->member` handed to it: `x`'s. */
function containerLock(c: ContainerLock, arg: string | undefined): string | undefined {
  const suffix = `->${c.member.replace(/\./g, '->')}`;
  if (!arg?.startsWith('&') || !arg.replace(/\./g, '->').endsWith(suffix)) return undefined;
  const object = arg.slice(1, arg.length - c.member.length - 2);
  return /^[A-Za-z_]\w*(?:->[A-Za-z_]\w*)*$/.test(object) ? canon(c.path.replace('$', object)) : undefined;
}

/** The key of a test of one flag of a parameter (`issue_flags&IO_URING_F_UNLOCKED`), as conditions write it. */
export function flagKey(param: string, flag: string): string {
  return `${param}&${flag}`;
}

/** A call that rules out what a callee does only with a flag set (the flags written out lack it) or only with it clear (they name it). */
function flagSkips(cond: ArgumentFlag, arg: SNode | undefined, text: string, constants: ReadonlyMap<string, number>): boolean {
  return cond.clear ? namesFlag(arg, cond.flag, text) : lacksFlag(arg, cond.flag, text, constants);
}

/** An argument of flags written out (`IO_URING_F_NONBLOCK | IO_URING_F_COMPLETE_DEFER`, `0`) that does not name this one. */
function lacksFlag(arg: SNode | undefined, flag: string, text: string, constants: ReadonlyMap<string, number>): boolean {
  if (!arg) return false;
  const parts = joinedBy(arg, '|');
  const constant = parts.every((u) => (u.type === 'identifier' && isConstantName(text.slice(u.start, u.end), constants)) || u.type === 'number_literal');
  return constant && !namesFlag(arg, flag, text);
}

/** A name written as a constant (`IO_URING_F_UNLOCKED`), or one the files define as one (jfs's `lbmSYNC`). */
function isConstantName(name: string, constants: ReadonlyMap<string, number>): boolean {
  return CONSTANT_NAME.test(name) || constants.has(name);
}

/** What a hold is, for a message: a kind of lock, or the context it stands for (`bh-off`: bottom halves disabled). */
function contextWords(h: Held): string {
  if (h.kind === 'rcu') return 'an RCU read section';
  if (h.kind === 'irq') return 'interrupts disabled';
  if (h.kind === 'preempt') return h.inst === 'bh-off' ? 'bottom halves disabled' : 'preemption disabled';
  return `a ${h.kind}`;
}

/** Where a hold comes from, for a message: taken at a line, held by every caller, or held on entry. */
function whereHeld(h: Held): string {
  if (h.heldBy) return `held by every caller, as at ${h.heldBy}`;
  return takenOnPath(h) ? `taken at line ${h.line}` : `held on entry${h.because ? `: ${h.because}` : ''}`;
}

/** The locals among a call's arguments that `args` spells by their value, when there are any. */
function argLocalsOf(written: Array<string | undefined>, args: readonly string[]): { argLocals?: Array<string | undefined> } {
  const locals = written.map((w, i) => (w && w !== args[i] ? w : undefined));
  return locals.some((w) => w) ? { argLocals: locals } : {};
}

/** A call's arguments, with the callee's `ifArg` that one of them decides (for what the caller's path knew then). */
interface PassedArgument {
  cond?: ArgCondition;
  /** The callee's `ifFlag`: a flag of one of the arguments it depends on. */
  flag?: ArgumentFlag;
  /** The callee's `ifOneOf`: the constants one of the arguments is among. */
  oneOf?: ArgOneOf;
  args: readonly SNode[];
}

export interface OrderEdge {
  from: Held;
  to: { inst: string; cls: string };
  line: number;
  /** The other locks held all the while that shut every other taker out (gateOf()): what serialises this order. */
  under: string[];
  /** Calls through which the second lock is taken (empty when taken here). */
  chain: string[];
  calleeLine?: number;
  calleeFile?: string;
  /** The second lock is taken as a reader that waits for no queued writer here (Explorer.recursiveRead()). */
  recursiveRead?: true;
}

export interface CallSiteRecord {
  callee: string;
  line: number;
  node: SNode;
  args: string[];
  /**
   * Other names of the arguments' values at the call: an identifier's definition (`prev_dom` ->
   * `group->default_domain`), or the local a pure call's value was kept in (`platform_get_drvdata(dev)`
   * -> `udc`, set to the same call).
   */
  argDefs: Array<string | undefined>;
  /**
   * A local handed on as it is (`one_iomb(ha, q)`) where `args` spells it by its value
   * (`&ha->outq[vec]`): a lock held through the local (`q->oq_lock`) is reached through that argument.
   */
  argLocals?: Array<string | undefined>;
  /**
   * What the locals a held lock is named through were last set to on this path, while what they
   * were set from is unchanged (`runtime = substream->runtime`): the callee handed `substream`
   * names `runtime->lock` through it.
   */
  heldDefs?: ReadonlyMap<string, string>;
  /** Arguments written as NULL (or 0): nothing is reached through them. */
  nullArgs?: number[];
  held: Held[];
  /** Locks an untested result may hold (`up = lock_up(x)`): the callee releasing one says it is held. */
  mayHold: Held[];
  /** The path up to the call; materialise with eventsOf(). */
  trail: EventNode | null;
  /** Variables this path handed to functions not in view before the call: what they lead to may have been locked there. */
  handedAway: ReadonlySet<string>;
}

/** A call of one plain argument, as an alias records it (`page_folio(page)`). */
const SHARER_CALL = /^([A-Za-z_]\w*)\(([A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*)\)$/;

export interface Incident {
  line: number;
  lock: string;
  message: string;
  events: LockEvent[];
  /** For double acquires: where the lock was first taken. */
  firstLine?: number;
  chain?: string[];
  /** Lower than the rule's own, when the evidence is weaker (a recursion that may end first). */
  severity?: Severity;
  /** For a release of a lock not taken here: what the path knew of the arguments there (flagContracts.ts). */
  values?: ParamValues;
}

export interface StaleUse {
  variable: string;
  lock: string;
  foundLine: number;
  releaseLine: number;
  useLine: number;
  events: LockEvent[];
  /** The struct type the variable points at, when known. */
  type?: string;
  /** Other locks held at the use (their classes, and whether only shared): one every remover holds too pins the object. */
  holding: Array<{ cls: string; shared: boolean }>;
}

export interface LineState {
  must: Set<string> | null;
  may: Set<string>;
  /** Lock classes held on every path here (one object or another: a guard of a field either way). */
  mustClasses: Set<string>;
}

/** A lock held on entry, dropped and taken again: lock-neutral for callers, but a point where their checks go stale. */
export interface TemporaryDrop {
  lock: string;
  releaseLine: number;
  retakeLine: number;
}

export interface FunctionAnalysis {
  fn: FunctionInfo;
  file: ParsedFile;
  context: EntryContext;
  /** Locals that stand for a path from the parameters (see stablePaths.ts). */
  locals: ReadonlyMap<string, string>;
  /** Its lock annotations' arguments, by the names the walk gives their locks (stablePaths.ts annotationNames). */
  annotated: ReadonlyMap<Annotation, string>;
  /** Locals that are the object a parameter is a member of (stablePaths.ts containerLocals). */
  containers: ReadonlyMap<string, { param: number; member: string }>;
  ends: PathEnd[];
  truncated: boolean;
  limits: string[];
  lines: Map<number, LineState>;
  /** The state after a statement that stores a call's result in a member (`v->pte = map_lock(v)`): the store comes after the call's locks. */
  storesAfter: Map<number, LineState>;
  classes: Map<string, string>;
  callSites: CallSiteRecord[];
  orderEdges: OrderEdge[];
  doubleAcquires: Incident[];
  /** What each rule's watcher kept, by rule id. */
  watched: Map<string, WatchedIncident[]>;
  doubleReleases: Incident[];
  /** Releases of locks this function never took on that path (the caller's, or nobody's). */
  callerReleases: Incident[];
  sleeps: Incident[];
  staleUses: StaleUse[];
  drops: TemporaryDrop[];
  takes: SummaryTake[];
  /** Locks of a loop's entry released in some iteration (so a loop that keeps others locked is not a lock-all). */
  releasedInLoop: Set<string>;
  /** `class|callee`: a lock of the class went through that callee (not in view) and was still ours to release after. */
  keptThrough: Set<string>;
  /** Lock classes it gives a lockdep class or subclass of their own (`lockdep_set_class()`), with the line it does so first. */
  reclassed: Map<string, number>;
  /** Callbacks it hands a try primitive that calls them holding the lock it took (`kref_put_mutex()`'s release). */
  callbacksUnder: Array<{ callback: string; inst: string; cls: string; line: number }>;
  /** Classes of the locks it releases, held or not: a function that takes a lock and one that gives it back make a pair. */
  releasedClasses: Set<string>;
  /** Where it may sleep, and which of its entry locks are dropped there. */
  sleepsAt: SleepPoint | null;
  /** Where it may sleep with some of its entry locks dropped (those dropped at every such place), when it also sleeps holding them all. */
  sleepsDropping: SleepPoint | null;
  /** Pairs of parameter indices (lower first) a branch tested for being one object. */
  comparedParams: Set<string>;
  /** Locks this function takes as recursive for their owner: it tests their owner record against the running task and sets it so with them held (ownerRecords.ts). */
  reentrant: Set<string>;
  /** Tests of a callee's cases the walk followed apart (`send_cq->cqn<recv_cq->cqn`): ends they tell apart are different modes. */
  caseKeys: ReadonlySet<string>;
  /** Tests of queries not in view taken to answer alike because they decide a lock and its unlock (decide()): this function's own pairing, no case for callers. */
  pairedTests: ReadonlySet<string>;
  /** A return left one of its own flags (ctx.ownFlags) away from rest: their values on entry were not its to assume. */
  ownFlagsBroken?: boolean;
}

/** A call site's `heldDefs`: the path's definitions of the locals held locks are named through, left out when there are none. */
function heldDefsOf(held: readonly Held[], defs: ReadonlyMap<string, string>): Pick<CallSiteRecord, 'heldDefs'> {
  const out = new Map<string, string>();
  for (const h of held) {
    const base = baseVar(h.inst);
    const def = base && !h.detached ? defs.get(base) : undefined;
    // A member path of another variable (`substream->runtime`), not the variable itself.
    if (def && def !== baseVar(def) && MEMBER_PATH.test(def)) out.set(base!, def);
  }
  return out.size ? { heldDefs: out } : {};
}

/** A call site's `nullArgs`, left out when there are none. */
function nullArgsOf(nulls: number[]): Pick<CallSiteRecord, 'nullArgs'> {
  return nulls.length ? { nullArgs: nulls } : {};
}

/** A place a function may sleep: what sleeps, through which calls, and which of its entry locks it has dropped there. */
export interface SleepPoint {
  line: number;
  what: string;
  chain: string[];
  dropped: string[];
}

/** Contexts rather than locks: they nest, and they are not classes of the lock order. */
export const NESTABLE = new Set(['rcu', 'preempt', 'irq', 'srcu']);

/**
 * The one lock a hold is, when it keeps every other taker out while it lasts: a lock of its own
 * (a global, `scan_mutex`), held exclusively; not a read side, not a per-CPU context, and not one
 * lock of many (`table[hash]`, `dev->mutex`: another caller may hold another one).
 */
export function gateOf(h: Held): string | undefined {
  return !h.shared && !h.detached && !NESTABLE.has(h.kind) && h.inst === h.cls && /^[A-Za-z_]\w*$/.test(h.inst) ? h.inst : undefined;
}

/** Distinct lock states kept per block before the walk says it gave up on precision there. */
const MAX_STATES_PER_BLOCK = 64;

/** Paths the calls of one block may split off (a helper's cases) before the rest keep the merged summary. */
const MAX_FORKS_PER_BLOCK = 64;

/** In a path's `opaque` set: some function not in view was called (it may take or drop a global lock). */
export const ANY_OPAQUE_CALL = '()';

export function exploreFunction(ctx: ExploreContext): FunctionAnalysis {
  return new Explorer(ctx).run();
}

class Explorer {
  private readonly text: string;
  private readonly out: FunctionAnalysis;
  private readonly reportedStale = new Set<string>();
  private givenBackCache?: ReadonlySet<string>;
  private readonly incidentKeys = new Set<string>();
  private cur!: PathState;
  private readonly watchers: Array<{ id: string; watcher: Watcher }>;
  /** While an unlock primitive gives back its lock: the context it gives back with it, for the watchers. */
  private endsWithRelease: string | undefined;
  /** A parameter or global: a name fixed on entry. */
  private readonly isRoot: (name: string) => boolean;
  /** Locals that are the object another variable is a member of (stablePaths.ts containerNames): lock arguments through them are named from it. */
  private readonly containerNames: ReadonlyMap<string, { of: string; member: string }>;
  /** Blocks that take or give back a lock themselves, and the tests that lead to one through other tests alone. */
  private readonly lockBlocks: ReadonlySet<number>;
  /** Tests whose answer led straight into such a block: what merged paths keep apart longest. */
  private readonly lockDeciding = new Set<string>();
  /** Tests of a callee's cases this walk followed apart: kept longer still. */
  private readonly caseDeciding = new Set<string>();
  /** Tests of queries not in view decide() took to answer alike (FunctionAnalysis.pairedTests). */
  private readonly pairedTests = new Set<string>();
  /** The owner records of the function's locks (ownerRecords.ts), found when a test first needs them. */
  private owners: OwnerRecord[] | undefined;
  /** Paths a call split off this one (a callee's cases), to walk on from the next item. */
  private readonly forks: PathState[] = [];
  /** Paths calls may still split off in this block's walk: consecutive splits multiply. */
  private forksLeft = 0;
  /** Branch facts' keys that test the arguments' own values (`mode==HWSEM_RAW`): asked at every take. */
  private readonly argumentTests = new Set<string>();
  /** The assignment a call's ways already made on this statement (keepWayResult), for statement() to skip. */
  private assignedByCall: SNode | undefined;
  /** Iterators an unwind loop walks back with (`list_for_each_entry_continue_reverse`): whether they passed an entry is followed. */
  private readonly unwound: ReadonlySet<string>;
  /** Variables the function returns as they are (`return ret;`): the ones whose sign a path notes. */
  private readonly returned: ReadonlySet<string>;
  /** Calls whose first argument true is a bug the kernel reports, fatal (`BUG_ON()`) or warned (`WARN_ON()`). */
  private readonly assertions: { has(name: string): boolean };

  constructor(private readonly ctx: ExploreContext) {
    this.text = ctx.file.text;
    this.isRoot = rootOf(ctx.fn, ctx.file, ctx.knowledge);
    this.containerNames = containerNames(ctx.file, ctx.fn, ctx.knowledge);
    this.lockBlocks = lockBlocksOf(ctx.cfg, ctx.file, ctx.knowledge);
    this.unwound = new Set(ctx.cfg.blocks.flatMap((b) => (b.loopMacro && ctx.knowledge.calls.precedingIterators.has(b.loopMacro) && b.items[0]?.kind === 'stmt' ? [iteratorName(b.items[0].node, this.text, this.entryArgument(b))].filter((v): v is string => !!v) : [])));
    const { fatalAssertions, warnAssertions } = ctx.knowledge.calls;
    this.assertions = { has: (name) => fatalAssertions.has(name) || warnAssertions.has(name) };
    this.returned = new Set(ctx.cfg.blocks.flatMap((b) => b.items.flatMap((it) => (it.kind === 'return' && it.value && unparen(it.value).type === 'identifier' ? [this.src(unparen(it.value))] : []))));
    this.watchers = ctx.watchers.map((k) => ({ id: k.id, watcher: k.create(ctx.fn, ctx.file, ctx.knowledge, { putArguments: ctx.putArguments, keptArguments: ctx.keptArguments }) }));
    this.out = {
      fn: ctx.fn,
      file: ctx.file,
      context: ctx.context,
      locals: ctx.locals,
      annotated: annotationNames(ctx.file, ctx.fn, ctx.knowledge, ctx.locals, ctx.summaries),
      containers: containerLocals(ctx.fn, this.containerNames),
      ends: [],
      truncated: false,
      limits: [],
      lines: new Map(),
      storesAfter: new Map(),
      classes: new Map(),
      callSites: [],
      orderEdges: [],
      doubleAcquires: [],
      watched: new Map(),
      doubleReleases: [],
      callerReleases: [],
      sleeps: [],
      staleUses: [],
      drops: [],
      takes: [],
      releasedInLoop: new Set(),
      keptThrough: new Set(),
      callbacksUnder: [],
      reclassed: new Map(),
      releasedClasses: new Set(),
      sleepsAt: null,
      sleepsDropping: null,
      comparedParams: new Set(),
      reentrant: new Set(),
      caseKeys: this.caseDeciding,
      pairedTests: this.pairedTests,
    };
  }

  run(): FunctionAnalysis {
    const { cfg, options, fn } = this.ctx;
    const start = new PathState();
    start.held = this.ctx.entry.map((h) => ({ ...h }));
    start.memories = this.watchers.map(({ watcher }) => watcher.memory?.());
    for (const [path, v] of this.ctx.ownFlags ?? []) start.consts.set(path, v);
    for (const h of start.held) this.out.classes.set(h.inst, h.cls);
    // Named by the parameter: what it is found through (`nilfs` found under `nilfs->ns_inode_lock`) stays so.
    for (const [param, path] of this.ctx.entryAliases ?? []) {
      start.same.set(path, param);
      start.push({ line: fn.line, kind: 'branch', text: `${param} is ${path}: every caller passes it so` });
    }
    const why = { acquired: '', 'must-hold': ' (annotated)', releases: ' (annotated __releases)', assumed: ' (assumed held by the caller)', caller: ' (every caller in view holds it)', restored: '' } as const;
    for (const h of start.held) start.push({ line: fn.line, kind: 'assume', lock: h.inst, text: `held on entry: ${h.inst}${h.heldBy ? ` (every caller holds it, as at ${h.heldBy})` : h.because ? ` (${h.because})` : why[h.origin]}` });

    const rank = reversePostorder(cfg);
    // By block, its states by shape (one each).
    const states = new Map<number, Map<string, PathState>>();
    const queued = new Set<PathState>();
    const ended = new Set<PathState>();
    // The ends each exit state recorded: a path merged into it later (a loop's, a callee's case) records them anew.
    const endsOf = new Map<PathState, PathEnd[]>();
    const queue = new RankQueue<{ block: number; state: PathState }>();
    // A callee's case (its tests chose its locks) first, then any test that led into a lock.
    const decidesLock = (key: string) => (this.caseDeciding.has(key) ? 2 : this.lockDeciding.has(key) ? 1 : 0);
    // A copy of a plain number names no lock: paths that differ only there are one state, as with constants.
    const apart = (alias: string) => !this.ctx.env.get(alias)?.scalar;
    const enqueue = (block: number, t: PathState) => {
      let list = states.get(block);
      if (!list) states.set(block, (list = new Map()));
      const shape = t.shape(apart);
      const same = list.get(shape);
      if (same) {
        if (same.mergeFrom(t, decidesLock) && !queued.has(same) && (!ended.has(same) || block === cfg.exit)) {
          ended.delete(same);
          queued.add(same);
          queue.push(rank[block], { block, state: same });
        }
        return;
      }
      // The exit's states are ends, not walked on: maxPaths bounds them (a function of a hundred `return err;`).
      if (list.size >= MAX_STATES_PER_BLOCK && block !== cfg.exit) {
        if (!this.out.truncated || !this.out.limits.some((l) => l.includes('distinct lock states'))) this.limit(`${fn.name}(): more than ${MAX_STATES_PER_BLOCK} distinct lock states at line ${cfg.blocks[block].line} (and maybe further on); the others were not followed`);
        return;
      }
      list.set(shape, t);
      queued.add(t);
      queue.push(rank[block], { block, state: t });
    };

    enqueue(cfg.entry, start);
    let steps = 0;
    for (let next = queue.pop(); next; next = queue.pop()) {
      if (++steps > options.maxSteps) {
        this.limit(`lock walk in ${fn.name}() stopped after ${options.maxSteps} steps`);
        break;
      }
      if ((steps & 63) === 0 && Date.now() > this.ctx.deadline) {
        this.limit(`time budget spent: ${fn.name}() was only partly analysed`);
        break;
      }
      const { block, state } = next;
      queued.delete(state);
      this.cur = state.clone();
      const b = cfg.blocks[block];
      if (b.id === cfg.exit) {
        if (ended.has(state)) continue;
        ended.add(state);
        const before = endsOf.get(state);
        if (before) this.out.ends = this.out.ends.filter((e) => !before.includes(e));
        if (this.out.ends.length >= options.maxPaths) {
          this.limit(`${fn.name}(): more than ${options.maxPaths} distinct return states; the others were not recorded`);
          continue;
        }
        const recorded = this.out.ends.length;
        this.finishPath();
        endsOf.set(state, this.out.ends.slice(recorded));
        continue;
      }
      this.forksLeft = MAX_FORKS_PER_BLOCK;
      const walkFrom = (from: number): void => {
        for (let i = from; i < b.items.length; i++) {
          this.item(b.items[i], b);
          const here = this.cur;
          for (const fork of this.forks.splice(0)) {
            this.cur = fork;
            if (!fork.dead) walkFrom(i + 1);
          }
          this.cur = here;
          // A path that called something that never returns ends there, with no return of its own.
          if (this.cur.dead) return;
        }
        for (const succ of this.successors(b)) enqueue(succ.block, succ.state);
      };
      walkFrom(0);
    }
    for (const { id, watcher } of this.watchers) this.out.watched.set(id, watcher.incidents());
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
        return this.statement(item.node, false, item.skip);
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

  /** A lock argument as written, with the member an access macro names spelled out (`ACCESS_PRIVATE(p, lock)`: `p->lock`). */
  private written(n: SNode): string {
    return canon(expandAccessMacros(canon(this.src(n)), this.ctx.knowledge.accessMacros));
  }

  /** Where this path is, for the watchers (read at once: the path goes on changing). */
  private point(line: number): WalkPoint {
    const s = this.cur;
    const trail = s.events;
    return { line, held: s.held, events: () => eventsOf(trail), ownLocks: (name) => s.ownLocks(name).map((h) => h.inst) };
  }

  /** Tells each watcher with that hook, with its memory of this path (a loop, not a callback: it runs at every statement). */
  private tell<S>(hook: (w: Watcher) => ((seen: S, memory: PathMemory | undefined) => void) | undefined, seen: () => S, evenIdle = false): void {
    let made: S | undefined;
    const memories = this.cur.memories;
    for (let i = 0; i < this.watchers.length; i++) {
      const watcher = this.watchers[i].watcher;
      const fn = hook(watcher);
      const memory = memories[i];
      if (fn && (evenIdle || !memory?.idle?.())) fn.call(watcher, (made ??= seen()), memory);
    }
  }

  private recordLine(line: number, lines = this.out.lines): void {
    const held = this.cur.held;
    const st = lines.get(line);
    if (!st) {
      const names = held.map((h) => h.inst);
      lines.set(line, { must: new Set(names), may: new Set(names), mustClasses: new Set(held.map((h) => h.cls)) });
      return;
    }
    // The statement's hottest path: it runs at every statement of every state, so it makes no arrays.
    for (const h of held) st.may.add(h.inst);
    if (st.must) for (const n of st.must) if (!held.some((h) => h.inst === n)) st.must.delete(n);
    for (const c of st.mustClasses) if (!held.some((h) => h.cls === c)) st.mustClasses.delete(c);
  }

  /** `skip`: parts of the statement this branch does not evaluate (CfgItem's). */
  private statement(node: SNode, test = false, skip?: readonly SNode[]): void {
    this.tell((w) => w.statement, () => ({ ...this.point(this.line(node)), node, test }));
    this.checkStaleUses(node);
    this.usePending(node);
    const evaluated = (x: SNode) => !skip?.some((k) => x.start >= k.start && x.end <= k.end);
    for (const call of callsInOrder(node)) if (evaluated(call) && !this.handedAsCode(call)) this.call(call);
    if (storesCallResult(node)) this.recordLine(this.line(node), this.out.storesAfter);
    this.fieldWrites(node);
    const done = this.assignedByCall;
    this.assignedByCall = undefined;
    for (const a of assignmentsIn(node, this.text)) {
      if (!evaluated(a.node) || a.node === done) continue;
      const line = this.line(a.node);
      this.assign(a.target, a.value, a.compound, line);
      if (a.value && (!a.compound || operator(a.node) === '|=')) this.codesSet(a.target, a.value);
      this.tellAssigned(a.target, line);
    }
  }

  /**
   * A void lock operation written as another call's argument (`__SLEEP_COND(wq, cond,
   * LCACHE_LOCK(flags), LCACHE_UNLOCK(flags))`): no value to pass, so code a macro out of view
   * runs when it chooses (unlock, sleep, lock again), not a call made here.
   */
  private handedAsCode(call: SNode): boolean {
    const outer = call.parent?.type === 'argument_list' ? call.parent.parent : undefined;
    const name = outer?.type === 'call_expression' ? calleeName(this.ctx.file, call) : undefined;
    if (!name) return false;
    const prim = this.ctx.knowledge.primitives.get(name);
    if (prim) return prim.op === 'acquire' || prim.op === 'release';
    // A wrapper that only takes or gives back, always: void, or a macro (written out returning what its body's call does).
    const effects = this.ctx.summaries.get(name)?.effects ?? [];
    if (!effects.length || effects.some((e) => e.when !== 'always')) return false;
    const file = this.ctx.file;
    const own = file.functions.find((f) => f.name === name);
    const macro = (!!file.macrosOf && !!own) || !!file.macros?.functions.some((f) => f.name === name);
    return macro || own?.returnType.trim() === 'void';
  }

  private tellAssigned(target: string, line: number): void {
    this.tell((w) => w.assign, () => ({ ...this.point(line), target, foundUnder: this.cur.under.get(target)?.lock }), true);
  }

  /**
   * Using an object a callee returned locked, untested, means it got one: it holds the lock. Reading
   * through it (`o->n`, not handing it to a call, which may test it) means the callee succeeded: it
   * has also done whatever else it does only when it returns an object (`shm_lock()` returns it
   * locked inside an RCU read section, which it leaves when it fails), and not what it does on failure.
   */
  private usePending(node: SNode): void {
    const s = this.cur;
    if (!s.pending.size) return;
    // Asking whether it is an error (`IS_ERR(p)`, `PTR_ERR(p)`) is not using the object.
    const used = dereferencedIn(node, this.text, (call) => this.ctx.knowledge.calls.errorPointerTests.has(call) || this.ctx.knowledge.calls.errorPointerValues.has(call) || this.ctx.knowledge.calls.sizeOnly.has(call));
    let readThrough: Set<string> | undefined;
    for (const name of used) {
      const effects = s.pending.get(name);
      if (!effects) continue;
      // (Not what waits on an error code: an object's pointer is no code.)
      const succeeded = () => effects.every((e) => e.onUse || (!e.unless && !e.unlessNegative && !e.unlessBits)) && (readThrough ??= new Set(dereferencedIn(node, this.text, () => true))).has(name);
      if (!effects.every((e) => e.onUse) && !succeeded()) continue;
      s.keepPending(name, []);
      for (const e of effects) if (e.onUse || (e.when === 'nonzero' && !e.onlyOn)) this.applyEffect(e, this.line(node));
    }
  }

  /** `list_for_each_entry(pos, head, member)`: `pos` is found from the other arguments. */
  private loopIterator(cond: SNode, block: CfgBlock): void {
    const list = unparen(cond);
    const parts = list.type === 'comma_expression' ? flattenComma(list) : [list];
    const entry = this.entryArgument(block);
    const name = iteratorName(cond, this.text, entry);
    if (!name) return;
    for (const inst of this.cur.releasedHere) if (instVars(inst).includes(name)) this.out.releasedInLoop.add(inst);
    // The iterator names the next entry: what was said of the previous one is void.
    this.cur.stale.delete(name);
    this.cur.under.delete(name);
    // Whether it passed an entry is for the loop's edges to say (passedEntries).
    const passed = this.cur.facts.get(passedKey(name));
    this.reassigned(name);
    if (passed) this.cur.facts.assume(passedKey(name), passed);
    const sources = parts.filter((_, i) => i !== entry).flatMap((p) => identifiersIn(p, this.text));
    // Entries that are elements of an array (a preallocated pool) live as long as the array: found, but never freed apart.
    const pooled = !!this.ctx.interiorLists.size && parts.some((p) => {
      const u = stripCasts(unparen(p));
      const head = u.type === 'pointer_expression' && operator(u) === '&' ? field(u, 'argument') : undefined;
      return !!head && isPath(unparen(head)) && this.ctx.interiorLists.has(lockClass(canon(this.src(unparen(head))), this.ctx.env, this.ctx.file.structs, this.ctx.knowledge));
    });
    this.derive(name, sources, block.line, !pooled);
    this.tellAssigned(name, block.line);
  }

  /** `ret = VM_FAULT_MAJOR | VM_FAULT_LOCKED`, `ret |= VM_FAULT_LOCKED`: the variable has the code's bit, as a test of it would say. */
  private codesSet(target: string, value: SNode): void {
    if (!this.ctx.knowledge.lockKeepingCodes.size || !/^[A-Za-z_]\w*$/.test(target)) return;
    for (const c of this.codesNamedIn(this.src(value))) this.cur.facts.assume(`${target}&${c}`, { value: true, deps: [target] });
  }

  /** The knowledge's lock-keeping codes a piece of code names (`VM_FAULT_MAJOR | VM_FAULT_LOCKED`); a substring test first, as most code names none. */
  private codesNamedIn(text: string): string[] {
    return [...this.ctx.knowledge.lockKeepingCodes.keys()].filter((c) => text.includes(c) && identifierTokens(text).includes(c));
  }

  /**
   * The lock-keeping codes (knowledge lockKeepingCodes) a returned value is made of: named, a bit
   * every way here knows the returned variable has (set or tested: codesSet()), or answered by a
   * translator of an argument this path knows is zero, as written or as the variable was set.
   */
  private keepingCodesOf(value: string | undefined): string[] {
    const { lockKeepingCodes: codes, lockKeepingTranslators: translators } = this.ctx.knowledge;
    if (!value || !codes.size) return [];
    const variable = /^[A-Za-z_]\w*$/.test(value);
    const named = this.codesNamedIn(value);
    const tested = variable ? [...codes.keys()].filter((c) => this.cur.facts.get(`${value}&${c}`)?.value === true) : [];
    // (A translator's call, `return block_page_mkwrite_return(err)` or `ret = ...` before `return ret`.)
    const calls = `${value} ${(variable && this.cur.defs.get(value)) || ''}`;
    const translated = [...translators].flatMap(([call, code]) => {
      if (!calls.includes(call)) return [];
      const args = [...calls.matchAll(/\b([A-Za-z_]\w*)\(\s*([A-Za-z_]\w*)\s*\)/g)].filter((m) => m[1] === call).map((m) => m[2]);
      return args.some((arg) => this.cur.consts.get(arg) === 0) ? [code] : [];
    });
    return [...new Set([...named, ...tested, ...translated])];
  }

  /**
   * `ret & VM_FAULT_LOCKED` true, `ret` a call's result: the lock that code says the callee returns
   * with (knowledge lockKeepingCodes' `object`, over the call's arguments) is held, taken in the callee.
   */
  private heldByResultCode(subject: SNode, line: number): void {
    const u = unparen(subject);
    if (u.type !== 'binary_expression' || operator(u) !== '&') return;
    const [l, r] = [field(u, 'left'), field(u, 'right')].map((n) => n && unparen(n));
    if (l?.type !== 'identifier' || r?.type !== 'identifier') return;
    const code = this.src(r);
    const object = this.ctx.knowledge.lockKeepingObjects.get(code);
    const call = /^(.+?)\(\s*([A-Za-z_]\w*)\s*[,)]/.exec(this.cur.defs.get(this.src(l)) ?? '');
    const prim = object && this.ctx.knowledge.primitives.get(object.as);
    if (!object || !call || !prim) return;
    const inst = canon(object.path.replace('$0', call[2]));
    if (this.cur.find(inst)) return;
    this.acquire(inst, object.cls, primitiveMeta(prim), line, `${call[1]}() returned ${code}`, [call[1]]);
  }

  private returnItem(item: Extract<CfgItem, { kind: 'return' }>): void {
    this.recordLine(item.line);
    const s = this.cur;
    let retClass: 'zero' | 'nonzero' | 'unknown' = 'unknown';
    let pending: ConditionalEffect[] | undefined;
    if (item.value) {
      const value = unparen(item.value);
      const direct = value.type === 'call_expression' ? value : undefined;
      // `return !mmap_write_lock_killable(mm);`: a bool wrapper's result says the other way round.
      const negated = value.type === 'unary_expression' && operator(value) === '!' ? unparen(field(value, 'argument') ?? value) : undefined;
      const conditional = direct ? this.conditionalEffects(direct) : negated?.type === 'call_expression' ? negatedEffects(this.conditionalEffects(negated)) : [];
      this.statement(item.value);
      if (conditional.length) {
        pending = conditional;
      } else if (value.type === 'identifier' && s.pending.has(this.src(value))) {
        pending = s.pending.get(this.src(value));
      }
      const v = this.errorCodeOf(value) ? NONZERO : this.valueOf(value, s.consts);
      if (v !== undefined) retClass = v === 0 ? 'zero' : 'nonzero';
      else if (value.type === 'conditional_expression') retClass = this.conditionalClass(value);
      // `return ERR_PTR(-ENOENT);`, or a variable last set so: no object, as after IS_ERR() is true.
      const made = (call: SNode | undefined) => call?.type === 'call_expression' && this.ctx.knowledge.calls.errorPointerMakers.has(calleeName(this.ctx.file, call) ?? '');
      const def = value.type === 'identifier' ? s.defs.get(this.src(value)) : undefined;
      if (made(value) || (def && this.ctx.knowledge.calls.errorPointerMakers.has(/^(\w+)\(/.exec(def)?.[1] ?? ''))) retClass = 'zero';
    } else if (item.valueText) {
      retClass = /^-?\s*E[A-Z0-9]+$|^-?[1-9]/.test(item.valueText.trim()) ? 'nonzero' : item.valueText.trim() === '0' ? 'zero' : 'unknown';
    }
    const value = item.value ? this.src(item.value) : item.valueText;
    // A callee's result returned as it is, with a lock held through it: the lock comes back with our result.
    const through = s.held.some((h) => instVars(h.inst).includes(RETURN_SLOT));
    const retSign = this.returnSign(item.value ? unparen(item.value) : null, item.valueText);
    const keepingCodes = this.keepingCodesOf(value);
    s.ret = { line: item.line, value: through ? RETURN_SLOT : value, retClass, pending, ...(retSign ? { retSign } : {}), ...(keepingCodes.length ? { keepingCodes } : {}) };
    s.push({ line: item.line, kind: 'return', text: value ? `return ${value}` : 'return' });
  }

  /**
   * `ret ? ret : 1`, `err ? -EIO : -EINVAL`: the class both arms have, an arm that repeats the
   * test's variable being nonzero where the test is true (and zero where it is false).
   */
  private conditionalClass(e: SNode): 'zero' | 'nonzero' | 'unknown' {
    const test = field(e, 'condition');
    const tested = test && unparen(test).type === 'identifier' ? this.src(unparen(test)) : undefined;
    const armClass = (arm: SNode | undefined, testIs: 'zero' | 'nonzero'): 'zero' | 'nonzero' | 'unknown' => {
      // `ret ?: 1`: the test's own value stands in the true arm.
      if (!arm) return testIs;
      const u = unparen(arm);
      if (tested && u.type === 'identifier' && this.src(u) === tested) return testIs;
      const v = this.valueOf(u, this.cur.consts);
      return v === undefined ? 'unknown' : v === 0 ? 'zero' : 'nonzero';
    };
    const yes = armClass(field(e, 'consequence'), 'nonzero');
    return yes === armClass(field(e, 'alternative') ?? undefined, 'zero') ? yes : 'unknown';
  }

  /**
   * `reg & AC97_PAGE_MASK`, `(v >> 26) & 0x0f`: a value masked with a constant that is not negative
   * (a literal, or a named one the code defines so or leaves to a header) is zero or more, whatever
   * it masks. (Not `v & ~FLAG`: the complement of a flag is negative.)
   */
  private maskedBy(u: SNode): boolean {
    if (u.type !== 'binary_expression' || operator(u) !== '&') return false;
    return [field(u, 'left'), field(u, 'right')].some((side) => {
      const m = side && stripCasts(unparen(side));
      if (m?.type === 'number_literal') return true;
      const name = m?.type === 'identifier' ? this.src(m) : '';
      return CONSTANT_NAME.test(name) && (this.ctx.constants.get(name) ?? 0) >= 0;
    });
  }

  /**
   * A returned variable's sign, as the fact a sign test would leave (`ret<0`): unlike a constant,
   * a fact outlives the meeting of two ways that both know it (`ret = -EAGAIN` and `ret < 0` true).
   */
  private noteSign(s: PathState, name: string, negative: boolean | undefined): void {
    if (negative !== undefined && this.returned.has(name)) s.facts.assume(`${name}<0`, { value: negative, deps: [name] });
  }

  /**
   * The sign of a returned value: a constant's (`-EIO`, `1`, a variable set so), or a variable's
   * once a sign test answered for it on this path (`if (ret < 0) goto out;` passed: zero or more).
   */
  private returnSign(value: SNode | null, written: string | undefined): ReturnSign | undefined {
    const v = value ? this.valueOf(value, this.cur.consts) : undefined;
    if (v !== undefined && v !== NONZERO) return v < 0 ? 'negative' : 'nonnegative';
    if (NEGATIVE_CODE.test(value ? this.src(value) : (written ?? '')) || (value && this.errorCodeOf(value))) return 'negative';
    if (value && this.maskedBy(stripCasts(value))) return 'nonnegative';
    const decided = value && value.type === 'identifier' ? this.decide(value) : undefined;
    if (decided?.kind !== 'key') return undefined;
    // (A variable's key is never negated: the sign tests' facts say what they are.)
    const negative = this.cur.facts.get(`${decided.key}<0`)?.value;
    if (negative !== undefined) return negative ? 'negative' : 'nonnegative';
    return this.cur.facts.get(`${decided.key}>0`)?.value ? 'nonnegative' : undefined;
  }

  private finishPath(): void {
    const s = this.cur;
    const ret = s.ret ?? { line: this.ctx.fn.endLine, retClass: 'unknown' as const };
    if (!s.ret) s.push({ line: ret.line, kind: 'return', text: 'end of function' });
    this.annotatedContexts(ret.line);
    // A result never tested against its error code: what is done unless it is that code, done.
    for (const name of [...s.pending.keys()]) if (s.pending.get(name) !== ret.pending) this.flushUnless(name);
    // An object a callee returned locked into the caller's variable (`*bucket = get_bucket(...)`), not
    // looked at since: the caller gets it locked, as the callee gave it.
    for (const [name, effects] of [...s.pending]) {
      if (effects === ret.pending || !this.ctx.fn.params.some((p) => name === `*${p.name}`) || !effects.every((e) => e.op === 'acquire' && e.onUse)) continue;
      s.keepPending(name, []);
      for (const e of effects) this.applyEffect(e, ret.line);
    }
    if (ret.pending?.length) {
      // A returned trylock: one end where it succeeded, one where it did not.
      for (const when of ['zero', 'nonzero'] as const) {
        const copy = s.clone();
        this.cur = copy;
        // Decided here: out of the pending first, so a release applied is no second one of the call's.
        for (const [name, effects] of [...copy.pending]) if (effects === ret.pending) copy.pending.delete(name);
        for (const e of ret.pending) if (doneOn(e, when)) this.applyEffect(e, ret.line);
        this.recordEnd(copy, ret.line, ret.value, when);
      }
      this.cur = s;
      return;
    }
    this.recordEnd(s, ret.line, ret.value, ret.retClass, ret.retSign);
  }

  private recordEnd(s: PathState, line: number, value: string | undefined, retClass: PathEnd['retClass'], retSign?: ReturnSign): void {
    for (const [path, v] of this.ctx.ownFlags ?? []) if (s.consts.get(path) !== v) this.out.ownFlagsBroken = true;
    const before = this.cur;
    this.cur = s;
    this.tell((w) => w.pathEnd, () => this.point(line));
    this.cur = before;
    const code = resultCodeOf(value, this.ctx.constants);
    this.out.ends.push({
      events: s.eventList(),
      endLine: line,
      returnValue: value,
      ...this.returnedAs(value),
      ...(code ? { returnCode: code } : {}),
      ...(s.ret?.keepingCodes ? { keepingCodes: s.ret.keepingCodes } : {}),
      retClass,
      ...(retSign ? { retSign } : {}),
      held: s.held.map((h) => ({ ...h })),
      releasedCaller: new Map([...s.releasedCaller].map(([k, v]) => [k, { line: v.line, meta: v.meta, ...(v.quiet ? { quiet: true } : {}), ...(v.savedIn ? { savedIn: v.savedIn } : {}) }])),
      took: new Set(s.took),
      slept: s.slept,
      sleptHolding: s.sleptHolding,
      mayTook: new Map(s.mayTook),
      opaque: new Set(s.opaque),
      paramValues: this.paramValues(),
      outValues: new Map(this.ctx.fn.params.flatMap((p, k) => (s.consts.has(`*${p.name}`) ? [[k, s.consts.get(`*${p.name}`)!] as const] : []))),
      outPointers: new Map(this.ctx.fn.params.flatMap((p, k) => (s.defs.has(`*${p.name}`) ? [[k, s.defs.get(`*${p.name}`)!] as const] : []))),
      facts: s.facts.clone(),
      nulls: [...s.consts].flatMap(([k, v]) => (v === 0 && !k.startsWith('*') ? [k] : [])),
    });
  }

  /**
   * `__acquires(RCU)` on a function whose path reaches its return outside the section, after a
   * call not in view: that call entered it (`sta_info_insert_rcu()`, itself `__acquires(RCU)`), as
   * the annotation says. A path with no such call keeps its own word (annotation/mismatch).
   */
  private annotatedContexts(line: number): void {
    const s = this.cur;
    if (!s.opaque.has(ANY_OPAQUE_CALL)) return;
    for (const ann of this.ctx.fn.annotations) {
      const path = ann.kind === '__acquires' && ann.args[0] ? this.ctx.knowledge.annotationContexts.get(ann.args[0].trim()) : undefined;
      const entry = path ? this.ctx.knowledge.contextEntries.get(path) : undefined;
      // (In a section of the family already, `rcu_read_lock_sched()` under `__acquires(RCU)`: kept as taken.)
      if (entry && !s.held.some((h) => h.kind === entry.kind)) this.acquire(entry.path, entry.path, primitiveMeta(entry), line, `${entry.path}: entered by a call not in view, as __acquires(${ann.args[0].trim()}) says`, []);
    }
  }

  /** A returned variable the path knows to be another (`a == b` was true), by that one's name. */
  private returnedAs(value: string | undefined): { returnedAs?: string } {
    const v = value?.trim();
    const named = v && /^[A-Za-z_]\w*$/.test(v) ? this.oneName(v) : undefined;
    return named && named !== v ? { returnedAs: named } : {};
  }

  /**
   * The parameters this path knows to be zero or not, here; `passed`: a callee's
   * `ifArg` met at a call, which says that value of the parameter we handed it.
   */
  private paramValues(passed?: PassedArgument): ParamValues {
    const consts = this.cur.consts;
    const out = new Map(this.ctx.fn.params.flatMap((p) => (consts.has(p.name) ? [[p.name, consts.get(p.name) === 0 ? 'zero' : 'nonzero'] as const] : [])));
    const arg = passed?.cond && passed.args[passed.cond.param];
    const ours = arg && unparen(arg).type === 'identifier' ? this.src(unparen(arg)) : undefined;
    if (ours && !out.has(ours) && this.ctx.fn.params.some((p) => p.name === ours)) out.set(ours, passed!.cond!.nonNull ? 'nonzero' : 'zero');
    // A callee's flag of an argument that is our own parameter as it came (`io_lock_if(ctx, issue_flags)`): the same flag of ours.
    const flagged = passed?.flag && passed.args[passed.flag.arg];
    const mine = flagged && unparen(flagged).type === 'identifier' ? this.src(unparen(flagged)) : undefined;
    if (mine && this.ctx.fn.params.some((p) => p.name === mine)) out.set(flagKey(mine, passed!.flag!.flag), passed!.flag!.clear ? 'zero' : 'nonzero');
    // A callee's constants for an argument that is our own parameter as it came (`send(link, action)`): ours must be one of them.
    const among = passed?.oneOf && passed.args[passed.oneOf.param];
    const same = among && unparen(among).type === 'identifier' ? this.src(unparen(among)) : undefined;
    if (same && this.ctx.fn.params.some((p) => p.name === same)) out.set(oneOfKey(same, passed!.oneOf!.values), 'nonzero');
    return out;
  }

  /**
   * What this path knows of its arguments where it takes a lock: `paramValues`, and the tests of
   * the arguments' own values it decided (`switch (mode)`, `if (mode == X)`), not of what they point at.
   */
  private takeValues(passed?: PassedArgument): ParamValues {
    const out = new Map(this.paramValues(passed));
    for (const key of this.argumentTests) {
      const f = out.has(key) ? undefined : this.cur.facts.get(key);
      if (f) out.set(key, f.value ? 'nonzero' : 'zero');
    }
    // Ways joined before here (`if (a == X || a == Y)`): what they know together, as merging says (a == one of X, Y).
    const ways = this.argumentTests.size ? this.cur.facts.alternatives() : [];
    if (ways.length > 1) {
      const tested = ways.map((w) => new Map([...w].filter(([k]) => this.argumentTests.has(k)).map(([k, f]) => [k, f.value ? 'nonzero' : 'zero'] as const)));
      for (const [k, v] of tested.reduce<ParamValues>((x, y) => commonValues(x, y), tested[0])) if (!out.has(k)) out.set(k, v);
    }
    // A parameter written on the way here (`if (!ctxi) ctxi = get_context(...)`): what is known of it
    // now is not what the caller passed, and says nothing of when a caller's call takes the lock.
    const rebound = this.cur.rebound;
    if (rebound.size) for (const key of [...out.keys()]) if (keyVariables(key).some((v) => rebound.has(v))) out.delete(key);
    return out;
  }

  /** `flags & SOME_FLAG` of a parameter this function never writes. */
  private argumentFlagTest(u: SNode): boolean {
    if (u.type !== 'binary_expression' || operator(u) !== '&') return false;
    const [l, r] = [field(u, 'left'), field(u, 'right')].map((x) => x && unparen(x));
    if (l?.type !== 'identifier' || r?.type !== 'identifier') return false;
    const [param, flag] = [this.src(l), this.src(r)];
    return isConstantName(flag, this.ctx.constants) && this.ctx.fn.params.some((p) => p.name === param) && this.ctx.fixedRoot(param);
  }

  /**
   * A call of a pure function whose arguments are places, their addresses or constants
   * (`node_to_grp(kn)`): asked again with the same arguments, it answers the same.
   */
  private pureQuery(u: SNode): boolean {
    if (u.type !== 'call_expression') return false;
    const name = calleeName(this.ctx.file, u);
    if (!name || !this.ctx.isPure(name) || this.ctx.knowledge.primitives.has(name)) return false;
    return callArgs(u).every((a) => {
      const x = stripCasts(unparen(a));
      const place = x.type === 'pointer_expression' && operator(x) === '&' ? field(x, 'argument') : x;
      return x.type === 'number_literal' || (!!place && isPath(unparen(place)));
    });
  }

  /**
   * A branch test decided on a path: kept when it tests the arguments' own values, or a pure
   * function's answer for them (`node_to_grp(kn)`), not what they point at, for `takeValues`.
   */
  private noteTest(key: string, deps: readonly string[]): void {
    if (this.argumentTests.has(key)) return;
    const query = PURE_QUERY_KEY.exec(key);
    if (query ? !this.ctx.isPure(query[1]) : /->|[.[*(]/.test(key)) return;
    const isParam = (d: string) => this.ctx.fn.params.some((p) => p.name === d);
    if (deps.some(isParam) && deps.every((d) => isConstantName(d, this.ctx.constants) || isParam(d))) this.argumentTests.add(key);
  }

  /** A lock this path took, or a callee of it, for the summary's `ifArg`: with what the path knew of the arguments then. */
  private mayTake(inst: string, passed?: PassedArgument, values = this.takeValues(passed)): void {
    const s = this.cur;
    const known = s.mayTook.get(inst);
    s.mayTook.set(inst, known ? commonValues(known, values) : values);
  }

  // ---- calls

  /** Another name of an argument's value on this path (see CallSiteRecord.argDefs). */
  private otherName(u: SNode): string | undefined {
    const s = this.cur;
    if (u.type === 'identifier') return s.defs.get(this.src(u));
    if (u.type !== 'call_expression' || !this.ctx.isPure(calleeName(this.ctx.file, u) ?? '')) return undefined;
    const value = canon(this.src(u));
    for (const [v, def] of s.defs) if (def === value && !v.startsWith('*')) return v;
    return undefined;
  }

  private call(call: SNode): void {
    const name = calleeName(this.ctx.file, call);
    const argNodes = callArgs(call);
    const args = argNodes.map((a) => this.lockArg(a));
    const line = this.line(call);
    if (name === 'guard') return;
    const s = this.cur;
    // Never returns: a kernel function known so, or one in view none of whose paths returns.
    const callee = name ? this.ctx.summaries.get(name) : undefined;
    if (name && (this.ctx.knowledge.calls.noreturn.has(name) || (callee && callee.paths === 0 && !callee.truncated))) s.dead = true;
    this.out.callSites.push({
      callee: name ?? canon(this.src(field(call, 'function') ?? call)),
      line,
      node: call,
      args,
      argDefs: argNodes.map((a) => this.otherName(unparen(a))),
      ...argLocalsOf(argNodes.map((a) => unparen(a)).map((u) => (u.type === 'identifier' ? this.src(u) : undefined)), args),
      ...nullArgsOf(this.nullArguments(argNodes)),
      ...heldDefsOf(s.held, s.defs),
      held: s.held.filter((h) => !h.detached).map((h) => ({ ...h })),
      mayHold: !s.pending.size ? [] : [...s.pending.values()].flat().filter((e) => e.op === 'acquire' && e.onUse).map((e) => ({ inst: e.inst, cls: e.cls, ...e.meta, line: e.line, origin: 'acquired' as const, count: 1 })),
      trail: s.events,
      handedAway: s.opaque.clone(),
    });
    if (!name || this.ctx.fn.params.some((p) => p.name === name && p.isFunctionPointer)) return this.indirectCall(call, line);
    // `lockdep_set_class(&cpuctx->ctx.lock, &cpuctx_lock)`: that field's locks are not all one lockdep class.
    if (this.ctx.knowledge.calls.lockClassSetters.has(name) && argNodes[0]) {
      const inst = lockAtPath('$', args[0], this.ctx.file, this.ctx.knowledge);
      const cls = this.classOf(inst, lockAtPath('$', this.written(argNodes[0]), this.ctx.file, this.ctx.knowledge));
      if (!this.out.reclassed.has(cls)) this.out.reclassed.set(cls, line);
    }
    // `spin_lock_init(&chip->cmdlock)`: made on this path (freshAt).
    if (this.ctx.knowledge.calls.lockInitializers.has(name) && args[0] !== undefined) s.made.add(lockAtPath('$', args[0], this.ctx.file, this.ctx.knowledge));
    // `lockdep_assert_held_once(&tr->mutex)` on this path: lockdep checks it is held here, so the path goes on holding it.
    if (this.ctx.knowledge.calls.heldAssertions.has(name) && args[0] !== undefined) {
      const inst = lockAtPath('$', args[0], this.ctx.file, this.ctx.knowledge);
      const cls = this.classOf(inst, lockAtPath('$', this.written(argNodes[0]), this.ctx.file, this.ctx.knowledge));
      // (One this path gave back is no hold of the caller's: the assertion would fail, as lockdep would say.)
      if (s.releasedHere.has(inst)) return;
      const kind = kindOfClass(cls, this.ctx.file.structs, this.ctx.knowledge);
      this.assertedHeld(inst, cls, { kind, sleeps: SLEEPING.includes(kind), atomic: ATOMIC.includes(kind), shared: false }, line, `${name}(): ${inst} is asserted held: by the caller`);
      return;
    }
    const prim = this.ctx.knowledge.primitives.get(name);
    if (prim) {
      const argText = prim.arg < 0 ? '' : args[prim.arg];
      if (prim.arg >= 0 && argText === undefined) return;
      const inst = primitiveInst(prim, argText, this.ctx.file, this.ctx.knowledge);
      const cls = prim.arg < 0 ? inst : this.classOf(inst, primitiveInst(prim, this.written(argNodes[prim.arg]), this.ctx.file, this.ctx.knowledge));
      if (prim.kind === 'semaphore' && this.ctx.counters.has(cls)) return;
      const meta = primitiveMeta(prim);
      const text = this.src(call).replace(/\s+/g, ' ');
      if (prim.op === 'acquire') {
        // Lockdep told that a hold is now ours: only a hold handed on here (released by annotation on this path) is one.
        if (prim.annotation && !s.handedOver.delete(cls)) return;
        // Interrupts off is one flag, not a count: turning them off again where this path turned them off itself
        // (a state machine's loop) changes nothing, and the next enable or restore turns them on.
        if (inst === IRQS_OFF && !argNodes.length && !prim.context && s.find(IRQS_OFF)?.origin === 'acquired') {
          s.push({ line, kind: 'acquire', lock: inst, text });
          return;
        }
        this.acquire(inst, cls, meta, line, text, [], false, !!prim.annotation);
        // `spin_lock_irqsave(l, flags)`: where its interrupt state went, should an unlock leave interrupts off.
        this.noteIrqsSaved(inst, this.irqsSavedBy(meta, argNodes).irqsSavedIn);
        // `local_irq_save(flags)`: where the state was saved, for the _irqrestore that gives it back.
        const off = inst === IRQS_OFF && argNodes.length === 1 ? s.find(IRQS_OFF) : undefined;
        if (off && off.count === 1) off.savedIn = canon(this.src(argNodes[0]));
        return this.enterWith(prim.context, inst, line, text);
      }
      if (prim.annotation && this.holdsUnderSomeName(inst, cls)) s.handedOver.add(cls);
      if (prim.op === 'release') {
        // An unlock of a lock this function did not take (a wrapper's, held on entry or under no name here)
        // gives back the caller's bottom halves with it.
        const ownHolds = () => s.held.reduce((n, h) => n + (h.origin === 'acquired' ? h.count : 0), 0);
        const before = ownHolds();
        // `local_irq_restore(flags)` of the state `local_save_flags(flags)` saved, with nothing turned off since: it restores what was.
        if (inst === IRQS_OFF && !s.find(IRQS_OFF) && argNodes.length === 1 && this.irqStatesSaved().has(canon(this.src(argNodes[0])))) {
          s.push({ line, kind: 'release', lock: inst, text });
          return;
        }
        // A lock taken with interrupts off given back by a variant that leaves them off (`spin_unlock()` after
        // `spin_lock_irqsave()`): they stay off, a context of their own now, until something turns them on.
        const held = prim.restoresIrqs ? undefined : this.heldUnderCopy(inst);
        const leftOff = held !== undefined && s.held.find((h) => h.inst === held && h.irqsOff && h.origin === 'acquired' && h.count === 1);
        this.endsWithRelease = prim.context ?? (prim.restoresIrqs ? IRQS_OFF : undefined);
        this.release(inst, line, text, [], meta, !!prim.annotation);
        this.endsWithRelease = undefined;
        if (leftOff && !s.find(leftOff.inst)) {
          this.enterWith(IRQS_OFF, leftOff.inst, line, text);
          const off = s.find(IRQS_OFF);
          if (off?.ridesWith === leftOff.inst && leftOff.irqsSavedIn) off.savedIn = leftOff.irqsSavedIn;
        }
        const callers = ownHolds() === before;
        if (prim.restoresIrqs) {
          this.tell((w) => w.irqsRestored, () => this.point(line));
          this.restoreIrqs(argNodes.length > 1 ? canon(this.src(argNodes[argNodes.length - 1])) : undefined, callers, line, text);
        }
        // Bottom halves on again (`spin_unlock_bh()`), also when a helper or the caller disabled them apart from the lock:
        // not held here, they are given back quietly, as the caller's if held there.
        const entry = prim.context ? this.ctx.knowledge.contextEntries.get(prim.context) : undefined;
        if (prim.context && (callers || s.find(prim.context))) this.release(prim.context, line, text, [], entry && primitiveMeta(entry), true);
        return;
      }
      const effect: ConditionalEffect = { op: 'acquire', inst, cls, meta, when: prim.heldWhen ?? 'nonzero', text, line, triedWith: this.takeValues(), atomicAt: this.atomicHeld(), ...failsWithOf(prim), ...this.failsIfHeld(prim, argNodes, inst), ...this.irqsSavedBy(meta, argNodes) };
      // An interruptible or killable lock waits like any other: it orders, whatever it returns.
      if (prim.sleeps) this.attempt(inst, cls, meta, line);
      // `kref_put_mutex(&p->kref, release, &lock)` whose `release` unlocks: taken and given back inside.
      const callback = prim.callback === undefined ? undefined : this.functionHanded(args[prim.callback]);
      if (callback) this.out.callbacksUnder.push({ callback, inst, cls, line });
      if (callback && this.givesBack(callback, inst, cls)) {
        s.push({ line, kind: 'call', text: `${text}: when it takes ${inst}, ${callback}() gives it back` });
        return;
      }
      const stored = storedOutcome(call, this.text, effect.when);
      if (stored) {
        const { target, when } = stored;
        s.pending.set(target, [{ ...effect, when }]);
        s.push({ line, kind: 'try-acquire', lock: inst, text: `${text}: ${inst} held when ${target} is ${when === 'zero' ? '0' : 'nonzero'}` });
      } else if (!isTested(call)) {
        // (`BUG_ON(trylock(l))` asserts the lock is held elsewhere: the path that goes on did not take it.)
        if (assertedOutcome(call, this.text, effect.when, this.assertions) !== false) this.acquire(inst, cls, meta, line, text, [], false, true);
        else this.assertedHeld(inst, cls, meta, line, `${text}, asserted to fail: ${inst} is held by the caller`);
      }
      return;
    }
    this.handedPointers(argNodes);
    const kept = this.ctx.keptArguments(name);
    if (kept) this.keepObjects(argNodes.filter((_, k) => kept.has(k)));
    // What the knowledge says a call does to objects holds whatever else it does (`lockref_get_not_dead()`
    // and `skb_dequeue()` also take a lock inside): a reference getter or an unlinker keeps what it is handed.
    if (this.ctx.knowledge.calls.referenceGetters.has(name) || this.ctx.knowledge.calls.unlinkers.has(name)) this.keepObjects(argNodes);
    const byResult = this.ctx.keptByResult(name);
    if (byResult) this.keptByResult(call, argNodes, byResult);
    // `idr_remove(&c->idr, handle)` after `r = idr_find(&c->idr, handle)`: r is taken out of where others find it.
    if (this.ctx.knowledge.calls.unlinkers.has(name) || this.ctx.knowledge.calls.detachingGetters.has(name)) {
      const key = this.argumentsKey(call);
      // `list_del(q->events.next)` after `e = list_entry(q->events.next, ...)`: that node is e's.
      const node = this.placeOf(argNodes[0]);
      for (const [v, f] of [...s.under]) if (f.lookedUpBy === key || (node && f.nodeAt === node)) this.keepObject(v);
      // `list_del(pos)` before `f = list_entry(pos, ...)`: f is the entry taken out.
      if (node && /^[A-Za-z_]\w*$/.test(node)) s.unlinked.add(node);
    }
    this.semaphoreHandedOn(argNodes, line);
    const summary = this.ctx.summaries.get(name);
    if (summary) return this.summaryCall(name, summary, call, argNodes, args, line);
    // `rcu_assign_pointer(auditd_conn, ac_new)`: the shared pointer is written, as by `=`.
    const published = this.ctx.knowledge.calls.pointerPublishers.has(name) ? this.placeOf(argNodes[0]) : undefined;
    if (published) this.placeWritten(published);
    // `set_bit(nr, &p->flags)`: the word is written, as by `=`; what a bit reader said of it is void.
    if (this.ctx.knowledge.calls.stateWriters.has(name)) for (const word of argNodes.map((a) => this.writtenWord(a))) if (word) this.placeWritten(word);
    const helper = this.ctx.knowledge.callbackHelpers.find((h) => h.name === name);
    if (helper) this.callbackHelper(helper, args, line);
    this.sleepCheck(name, args, argNodes, line, []);
    if (helper || !this.opaque(name)) return;
    // Not in view: assumed lock-neutral, but what it was handed may have changed hands inside (a number hands nothing).
    const vars = argNodes.filter((a) => !onlyANumber(a, this.ctx.file, this.ctx.env)).flatMap((a) => identifiersIn(a, this.text));
    // What this path stored in a handed object goes with it.
    for (const [stored, carrier] of s.carriers) if (vars.includes(carrier)) vars.push(stored);
    // Handed the interrupt state an unlock left saved (`__call_rcu_nocb_wake(rdp, true, flags)`): it restores it.
    const off = s.find(IRQS_OFF);
    if (off?.ridesWith && off.savedIn && argNodes.some((a) => canon(this.src(a)) === off.savedIn)) this.release(IRQS_OFF, line, `${name}() is handed ${off.savedIn}: it restores interrupts`, [], undefined, true);
    for (const v of vars) s.opaque.add(v);
    s.opaque.add(ANY_OPAQUE_CALL);
    // The last such function is the one that could have released it; so is one handed the lock
    // itself through a copy of its path (`xlog_wait(&cil->xc_push_lock)`, cil a copy of log->l_cilp).
    const addressed = new Set(args.filter((a) => a.startsWith('&')).map((a) => this.heldUnderCopy(canon(a.slice(1)))));
    for (const h of s.held) {
      if (!NESTABLE.has(h.kind) && !instVars(h.inst).some((v) => vars.includes(v)) && !addressed.has(h.inst)) continue;
      if (addressed.has(h.inst)) h.lockHanded = true;
      h.handedTo = name;
      delete h.handOffIn;
    }
    if (s.held.length) s.push({ line, kind: 'call', text: `${name}() not in view: assumed lock-neutral` });
  }

  /**
   * A call through an operations table (`fiq->ops->wake_pending_and_unlock(fiq)`). When every
   * function in view set to that member takes or gives back the same locks of its arguments,
   * the call does so too. Otherwise it is code not in view: a lock this function says it
   * releases (`__releases(fiq->lock)`) and hands to it is released there, as the annotation
   * says, and other locks are left as they are.
   */
  private operationCall(call: SNode, member: SNode, line: number): void {
    const s = this.cur;
    const argNodes = callArgs(call);
    const vars = argNodes.flatMap((a) => identifiersIn(a, this.text));
    const name = this.src(field(member, 'field') ?? member);
    // `.wake_forget_and_unlock = fuse_dev_wake_and_unlock` and the like, all alike.
    const impls = this.ctx.operations(name).map((f) => this.ctx.summaries.get(f));
    const first = impls[0];
    if (first?.effects.length && impls.every((x) => x && JSON.stringify(x.effects) === JSON.stringify(first.effects))) {
      return this.summaryCall(first.name, { ...first, requires: [], takes: [], sleeps: null }, call, argNodes, argNodes.map((a) => this.lockArg(a)), line);
    }
    for (const h of s.held) {
      if (h.origin !== 'releases' || !instVars(h.inst).some((v) => vars.includes(v))) continue;
      h.handedTo = name;
      delete h.handOffIn;
      s.push({ line, kind: 'call', text: `${name}() not in view, handed ${h.inst}, which this function says it releases` });
    }
  }

  /**
   * Interrupts on again after an unlock that restores them. Whoever turned them off on
   * this path (a helper's `local_irq_save(*flags)`) is answered, unless they saved their
   * state elsewhere than the `flags` restored here. An unlock of the caller's lock with
   * the caller's saved state (`spin_unlock_irqrestore(&krcp->lock, flags)` in a wrapper)
   * gives back the caller's hold saved in that variable, and only that one: an _irqrestore
   * gives back the state its flags saved, which may have been off already.
   */
  private restoreIrqs(flags: string | undefined, callers: boolean, line: number, text: string): void {
    const s = this.cur;
    const off = s.find(IRQS_OFF);
    if (off) {
      if (off.origin !== 'acquired' || !off.savedIn || !flags || off.savedIn === flags) this.release(IRQS_OFF, line, text, [], undefined, true);
      return;
    }
    if (!callers || !flags || !instVars(flags).some((v) => this.ctx.fn.params.some((p) => p.name === v))) return;
    this.release(IRQS_OFF, line, text, [], undefined, true);
    const given = s.releasedCaller.get(IRQS_OFF);
    if (given) s.releasedCaller.set(IRQS_OFF, { ...given, savedIn: flags });
  }

  /**
   * The context a lock primitive also enters (`spin_lock_bh()`: bh-off), counted as
   * its own primitive counts it. Held first with the lock, it rides with it: what
   * is said of the lock (a sleep under it, a return holding it) is not said again
   * of the context, until the lock is gone and the context alone remains.
   */
  private enterWith(context: string | undefined, lock: string, line: number, text: string): void {
    const entry = context ? this.ctx.knowledge.contextEntries.get(context) : undefined;
    if (!entry) return;
    const s = this.cur;
    const before = s.find(entry.path);
    this.acquire(entry.path, entry.path, primitiveMeta(entry), line, text, []);
    const held = s.find(entry.path);
    if (held && !before) held.ridesWith = lock;
  }

  /**
   * A callee that takes an object out of its list on the ways its result says: stored in a
   * variable (`done = receive(ep, req)`), the object is ours where a test of it says so.
   */
  private keptByResult(call: SNode, argNodes: readonly SNode[], kept: ResultKept): void {
    const s = this.cur;
    for (const [k, when] of kept) {
      const stored = storedOutcome(call, this.text, when);
      const v = argNodes[k] && identifiersIn(argNodes[k], this.text)[0];
      if (!stored || !v) continue;
      const keptIf = { variable: stored.target, when: stored.when };
      for (const name of [v, ...s.sameObject(v)]) {
        const u = s.under.get(name);
        if (u) s.under.set(name, { ...u, keptIf });
        const st = s.stale.get(name);
        if (st) s.stale.set(name, { ...st, keptIf });
      }
    }
  }

  /** A test of a result that says a callee took objects out of their lists (keptByResult): ours on that edge. */
  private keptOnEdge(subject: SNode, valueIs: 'zero' | 'nonzero'): void {
    const s = this.cur;
    if (subject.type === 'identifier') {
      // (On every branch edge: nothing is copied unless some object waits on this test.)
      const name = this.src(subject);
      const says = (u: { keptIf?: KeptIf }) => u.keptIf?.variable === name && u.keptIf.when === valueIs;
      const kept: string[] = [];
      for (const [v, u] of s.under) if (says(u)) kept.push(v);
      for (const [v, u] of s.stale) if (says(u)) kept.push(v);
      for (const v of kept) this.keepObject(v);
      return;
    }
    if (subject.type !== 'call_expression') return;
    const byResult = this.ctx.keptByResult(calleeName(this.ctx.file, subject) ?? '');
    const args = callArgs(subject);
    for (const [k, when] of byResult ?? []) {
      const v = args[k] && identifiersIn(args[k], this.text)[0];
      if (v && when === valueIs) this.keepObject(v);
    }
  }

  /**
   * A reference taken on what these arguments name, or the object taken out of where others
   * find it: it is ours after the unlock. (After the unlock, the use it makes of the object has
   * been judged already: inside an RCU section it is how the object is kept.)
   */
  private keepObjects(argNodes: readonly SNode[]): void {
    for (const a of argNodes) for (const v of identifiersIn(a, this.text)) this.keepObject(v);
  }

  private keepObject(v: string): void {
    const s = this.cur;
    // A reference on a member embedded in an object (`inode = &ci->vfs.inode; ihold(inode)`) keeps that object.
    const container = EMBEDDED_MEMBER.exec(s.aliases.get(v) ?? '')?.[1];
    const kept = [v, ...s.sameObject(v), ...(container ? [container, ...s.sameObject(container)] : [])];
    for (const name of kept) {
      s.under.delete(name);
      s.stale.delete(name);
    }
    // What was read out of its members (`cred = lsp->owner->cred`) is held by the object we now pin,
    // and so, a step at a time (`map = e->map; owner = map->owner`), is what was read out of that.
    for (let grew = true; grew; ) {
      grew = false;
      for (const name of new Set([...s.under.keys(), ...s.stale.keys()])) {
        const path = s.aliases.get(name);
        if (path && kept.some((k) => isMemberPath(path, k))) {
          s.under.delete(name);
          s.stale.delete(name);
          kept.push(name);
          grew = true;
        }
      }
    }
  }

  /**
   * Variables whose reference this function gives back (`rdma_put_gid_attr(attr)`) and
   * never takes itself: the lookup that found them took it, so they are kept all along.
   */
  private givenBack(): ReadonlySet<string> {
    if (this.givenBackCache) return this.givenBackCache;
    const { fn, file, knowledge } = this.ctx;
    const put = givenBackIn(fn.body, file, knowledge, this.ctx.putArguments);
    if (put.size) {
      walk(fn.body, (n) => {
        if (n.type !== 'call_expression') return true;
        const callee = calleeName(file, n) ?? '';
        const kept = knowledge.calls.referenceGetters.has(callee) ? undefined : this.ctx.keptArguments(callee);
        if (kept || knowledge.calls.referenceGetters.has(callee)) callArgs(n).forEach((a, k) => (!kept || kept.has(k)) && identifiersIn(a, this.text).forEach((v) => put.delete(v)));
        return true;
      });
    }
    return (this.givenBackCache = put);
  }

  /** `page_folio(page)`: the object whose lock its plain argument's lock is (knowledge lockSharers). */
  private sharesLock(u: SNode): boolean {
    const arg = u.type === 'call_expression' && this.ctx.knowledge.calls.lockSharers.has(calleeName(this.ctx.file, u) ?? '') ? callArgs(u)[0] : undefined;
    return !!arg && isPath(unparen(arg));
  }

  /** A call the engine knows nothing about: no primitive, no summary, not a known lock-neutral helper. */
  private opaque(name: string): boolean {
    return !this.ctx.knowledge.lockNeutral.has(name) && !this.ctx.isPure(name) && !this.ctx.knowledge.calls.sleeping.has(name) && !this.ctx.knowledge.calls.referenceGetters.has(name) && !this.ctx.knowledge.calls.unlinkers.has(name) && !this.ctx.knowledge.calls.detachingGetters.has(name);
  }

  /** An argument as the lock engine names it: a local that copies another variable of its type names that one. */
  private lockArg(a: SNode): string {
    // `raw_spin_unlock(rq_lockp(rq))`: the lock the accessor returns, in this function's words.
    const u = stripCasts(unparen(a));
    const accessor = u.type === 'call_expression' ? this.ctx.accessor(calleeName(this.ctx.file, u) ?? '') : undefined;
    const through = accessor && callArgs(u)[accessor.param];
    if (through) {
      const arg = this.lockArg(through);
      return canon(accessor.path.replace('$', wrap(arg)));
    }
    // `folio_lock(page_folio(page))`, or through `folio = page_folio(page)`: the lock is the page's.
    if (this.sharesLock(u)) return this.lockArg(callArgs(u)[0]);
    const t = this.written(a);
    const m = /^([&*(]*)([A-Za-z_]\w*)(.*)$/.exec(t);
    if (!m) return t;
    const target = this.cur.aliases.get(m[2]);
    const shared = !m[1] && !m[3] && target ? SHARER_CALL.exec(target) : null;
    if (shared && this.ctx.knowledge.calls.lockSharers.has(shared[1])) return this.oneName(throughLocals(shared[2], this.ctx.locals));
    // A pointer set to a lock's address, handed on as it is.
    if (target?.startsWith('&') && !m[1] && !m[3]) return this.oneName(throughLocals(target, this.ctx.locals));
    const env = this.ctx.env;
    // Only a copy of the same type: a `void *data` copied into a typed local names nothing better.
    const same = target && /^[A-Za-z_]\w*$/.test(target) && env.get(target)?.typeName && env.get(target)?.typeName === env.get(m[2])?.typeName;
    return this.oneName(throughContainers(throughLocals(same ? m[1] + target + m[3] : t, this.ctx.locals), this.containerNames));
  }

  /**
   * The lock as it is held, when it was taken through a local copy of a path and is released
   * through the path, or the reverse (`dentry = path->dentry; inode_lock(dentry->d_inode);` then
   * `inode_unlock(path->dentry->d_inode)`): while neither is reassigned they are one object.
   */
  private heldUnderCopy(inst: string): string {
    const s = this.cur;
    if (s.find(inst)) return inst;
    for (const [copy, path] of s.aliases) {
      if (!/^[A-Za-z_]\w*$/.test(copy) || !/^[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)+$/.test(path)) continue;
      const held = [rerootMember(inst, path, copy), rerootMember(inst, copy, path)].find((name) => name !== undefined && s.find(name));
      if (held) return held;
    }
    return inst;
  }

  /** A summary's lock in this function's words, through its container locals (throughContainers). */
  private fromRef(ref: LockRef, args: string[], returnedTo?: string): string | undefined {
    const inst = fromRef(ref, args, returnedTo);
    return inst === undefined ? undefined : throughContainers(collapseAccessors(inst, this.ctx.containerAccessors), this.containerNames);
  }

  /** A path the path knows to be another object's (`a == b` was true) is named as that one. */
  private oneName(t: string): string {
    for (const [from, to] of this.cur.same) {
      const named = reroot(t, from, to);
      if (named) return named;
    }
    return t;
  }

  /** Whether a call returns an object with a lock of it held. */
  private returnsLocked(call: SNode, when?: 'always'): boolean {
    const name = calleeName(this.ctx.file, call);
    return !!name && !!this.ctx.summaries.get(name)?.effects.some((e) => e.ref.param === RETURNED && (!when || e.when === when));
  }

  /** Conditional lock effects of a call, if it is a trylock or a conditional summary. */
  private conditionalEffects(call: SNode): ConditionalEffect[] {
    const name = calleeName(this.ctx.file, call);
    if (!name) return [];
    const args = callArgs(call).map((a) => this.lockArg(a));
    const line = this.line(call);
    const text = this.src(call).replace(/\s+/g, ' ');
    const prim = this.ctx.knowledge.primitives.get(name);
    if (prim) {
      if (prim.op !== 'try' || (prim.arg >= 0 && args[prim.arg] === undefined)) return [];
      const inst = primitiveInst(prim, args[prim.arg], this.ctx.file, this.ctx.knowledge);
      const cls = prim.arg < 0 ? inst : this.classOf(inst, primitiveInst(prim, this.written(callArgs(call)[prim.arg]), this.ctx.file, this.ctx.knowledge));
      if (prim.kind === 'semaphore' && this.ctx.counters.has(cls)) return [];
      return [{ op: 'acquire', inst, cls, meta: primitiveMeta(prim), when: prim.heldWhen ?? 'nonzero', text, line, triedWith: this.takeValues(), ...failsWithOf(prim), ...this.failsIfHeld(prim, callArgs(call), inst), ...this.irqsSavedBy(primitiveMeta(prim), callArgs(call)) }];
    }
    const helper = this.ctx.knowledge.callbackHelpers.find((h) => h.name === name && h.when);
    if (helper) return this.calledBackOn(helper, args, line);
    const summary = this.ctx.summaries.get(name);
    if (!summary) return [];
    const out: ConditionalEffect[] = [];
    const argNodes = callArgs(call);
    for (const e of summary.effects) {
      // Not done for the constant this call passes (`wait_for_in_progress(s, false)`), as at a call of its own.
      if (this.ruledOut(e, argNodes)) continue;
      const inst = this.fromRef(e.ref, args);
      const when = inst ? this.resultDecides(e, inst, this.ourClass(inst, e.ref.cls)) : undefined;
      if (!when) continue;
      if (inst) out.push({ op: e.op, inst, cls: e.ref.cls, meta: e.meta, ...when, text: `${name}() ${e.op === 'acquire' ? 'takes' : 'releases'} ${inst}`, line, callee: name, ...handOffOf(e, name) });
    }
    return out;
  }

  private summaryCall(name: string, summary: FunctionSummary, call: SNode, argNodes: readonly SNode[], args: string[], line: number): void {
    const target = this.resultPlace(call);
    const tested = isTested(call);
    // A call that is a statement of its own, to a callee whose ways tests of its arguments tell apart:
    // one path per way this path allows, each assuming its tests' answers.
    const statement = !target && !tested && call.parent?.type === 'expression_statement';
    // `grp = grp_lock_live(kn);` as a statement of its own: one path per way too, each keeping
    // the result, known NULL or not when every return of the way says so.
    const kept = !statement && !tested && target ? keptResult(call, this.text) : undefined;
    // `iocg_lock(iocg, ioc_locked, &flags)`: a lock helper that takes a lock only when an argument
    // is set, passed a variable this path does not know: one path for each answer, which the
    // variable's own later tests (`if (!ioc_locked)`) then follow. (A helper with ways of its own,
    // summary cases, is followed apart by them.)
    const open = statement && !summary.cases ? this.undecidedLockArgument(summary, argNodes, args) : undefined;
    if (open && this.forksLeft > 0) {
      this.forksLeft--;
      const s = this.cur;
      const other = s.clone();
      const why = open.op === 'acquire' ? 'takes a lock only when it is set' : 'gives a lock back on one answer only';
      for (const [state, value] of [[s, NONZERO], [other, 0]] as const) {
        this.cur = state;
        state.consts.set(open.name, value);
        state.push({ line, kind: 'branch', text: `${open.name} is ${value ? 'set' : 'zero'} (${name}() ${why})` });
        this.summaryCallAs(name, summary, summary.effects, call, argNodes, args, line);
      }
      this.forks.push(other);
      this.cur = s;
      return;
    }
    const allowed = summary.cases && (statement || kept) ? this.casesAllowed(summary.cases, args, argNodes) : undefined;
    if (!allowed?.length) return this.summaryCallAs(name, summary, summary.effects, call, argNodes, args, line, target, tested);
    // Every way this path allows does the same: that is what the call does here.
    const doing = (c: (typeof allowed)[number]) => JSON.stringify([c.effects.map((e) => `${e.op}|${refKey(e.ref)}`), c.outs]);
    // Locks some way leaves taken: a way that does not take one does not take it on the way either.
    const leftTaken = new Set(summary.cases!.flatMap((c) => c.effects.filter((e) => e.op === 'acquire').map((e) => refKey(e.ref))));
    const wayOf = (c: (typeof allowed)[number]) => {
      const mine = new Set(c.effects.filter((e) => e.op === 'acquire').map((e) => refKey(e.ref)));
      return { ...summary, takes: summary.takes.filter((t) => !leftTaken.has(refKey(t.ref)) || mine.has(refKey(t.ref))) };
    };
    if (allowed.every((c) => doing(c) === doing(allowed[0]))) {
      if (kept) return this.summaryCallAs(name, summary, summary.effects, call, argNodes, args, line, target, tested);
      this.summaryCallAs(name, wayOf(allowed[0]), allowed[0].effects, call, argNodes, args, line);
      return this.leaveOuts(allowed[0].outs);
    }
    // Ways this path cannot tell apart are followed apart only when each takes locks new to this
    // path and gives none back: a lock helper, whose tests its unlock twin asks again. A release on
    // some ways only is the merged summary's (given back if held), and so is a take after one.
    const fresh = (e: SummaryEffect) => {
      const inst = this.fromRef(e.ref, args) ?? '';
      const s = this.cur;
      return e.op === 'acquire' && !s.find(inst) && !s.releasedHere.has(inst) && !s.releasedCaller.has(inst);
    };
    if (!allowed.every((c) => c.effects.every(fresh))) return this.summaryCallAs(name, summary, summary.effects, call, argNodes, args, line, target, tested);
    if (allowed.length - 1 > this.forksLeft) {
      if (!this.out.limits.some((l) => l.includes('ways of lock helpers'))) this.limit(`${this.ctx.fn.name}(): more than ${MAX_FORKS_PER_BLOCK} ways of lock helpers followed apart in one block, at line ${line} (and maybe further on); from there their merged summaries stand`);
      return this.summaryCallAs(name, summary, summary.effects, call, argNodes, args, line, target, tested);
    }
    this.forksLeft -= allowed.length - 1;
    const s = this.cur;
    const states = allowed.map((_, k) => (k === 0 ? s : s.clone()));
    allowed.forEach((c, k) => {
      const state = states[k];
      this.cur = state;
      // Tests that chose a lock: what merged paths keep apart longest.
      for (const { key } of c.facts) this.caseDeciding.add(key);
      if (c.facts.every(({ key, fact }) => state.facts.assume(key, fact))) {
        this.summaryCallAs(name, wayOf(c), c.effects, call, argNodes, args, line, kept?.target);
        this.leaveOuts(c.outs);
        // A way goes on after this statement: the result is kept now, as the statement would.
        if (kept) this.keepWayResult(kept, line, c.returns);
        if (k > 0) this.forks.push(state);
      } else if (k === 0) {
        state.dead = true;
      }
    });
    if (kept) this.assignedByCall = kept.node;
    this.cur = s;
  }

  /** A way's result stored in its local, known zero (NULL) or not when the way says so. */
  private keepWayResult(a: Assignment, line: number, returns: 'zero' | 'nonzero' | undefined): void {
    this.assign(a.target, a.value, false, line);
    this.tellAssigned(a.target, line);
    if (returns) this.cur.consts.set(a.target, returns === 'zero' ? 0 : NONZERO);
  }

  /**
   * Where a callee may sleep for this call: its worst way, unless the constant or the flags this
   * call passes rule that out (`fasync_helper(-1, filp, 0, fapp)` only removes), then the way it
   * sleeps otherwise (`lbmWrite(log, bp, lbmWRITE, 0)`: with the caller's lock dropped, as it does without lbmSYNC).
   */
  private sleepOf(summary: FunctionSummary, argNodes: readonly SNode[]): SummarySleep | undefined {
    return [summary.sleeps, summary.sleepsOtherwise].find((sl): sl is SummarySleep => !!sl && !this.ruledOut(sl, argNodes));
  }

  /** Whether this call's arguments rule out what a callee does only for some of them: a constant, flags written out, another constant. */
  private ruledOut(c: Pick<SummaryTake, 'ifArg' | 'ifFlag' | 'ifOneOf'>, argNodes: readonly SNode[]): boolean {
    if (c.ifArg && this.constantSkips(c.ifArg, argNodes[c.ifArg.param])) return true;
    if (c.ifFlag && flagSkips(c.ifFlag, argNodes[c.ifFlag.arg], this.text, this.ctx.constants)) return true;
    return !!c.ifOneOf && this.constantOutside(c.ifOneOf, argNodes[c.ifOneOf.param]);
  }

  /** A callee's summary at our call, with these of its effects: the merged ones, or one case's. */
  private summaryCallAs(name: string, summary: FunctionSummary, effects: readonly SummaryEffect[], call: SNode, argNodes: readonly SNode[], args: string[], line: number, target?: string, tested = false): void {
    const s = this.cur;
    const held = s.held.filter((h) => !h.detached);
    // What the callee drops of the locks it was called with, by its name for us and as our hold.
    const given = (refs: LockRef[] | undefined) => {
      const out = new Set<string>();
      for (const r of refs ?? []) {
        const name = this.fromRef(r, args);
        if (!name) continue;
        out.add(name);
        if (!this.out.classes.has(name)) this.out.classes.set(name, r.cls);
        const ours = droppedHold(name, r.cls, held);
        if (ours) out.add(ours.inst);
      }
      return out;
    };
    // Locks taken inside the callee while ours are held: order edges, and self-deadlock on the same instance.
    for (const t of summary.takes) {
      // Not taken for the constant this call passes (`unlist_netdevice(dev, false)`), or for flags without the one it tests.
      if (this.ruledOut(t, argNodes)) continue;
      // A lock the callee reaches through its own locals is some instance of the class, not ours by name.
      const inst = t.local ? undefined : this.fromRef(t.ref, args);
      // The object a callee returns locked is not yet what the variable it goes to names: said by that name only.
      const said = inst ?? (t.local ? undefined : this.fromRef(t.ref, args, target)) ?? t.ref.path;
      const cls = inst ? this.ourClass(inst, t.ref.cls) : t.ref.cls;
      const chain = [name, ...t.chain];
      // A take the knowledge describes has no line of ours to cite.
      const where = t.line ? `${chain.join(' -> ')}, line ${t.line}` : `in ${chain.join(' -> ')}, as the knowledge says`;
      this.noteTake(t, chain, args, { cond: t.ifArg, flag: t.ifFlag, oneOf: t.ifOneOf, args: argNodes });
      if (inst && t.always) s.took.add(inst);
      // Dropped in there and taken back: still ours after the call, but not all along (unless the callee gives it up on every way).
      if (inst && t.restores && s.find(inst) && !givenUpAlways(effects, t.ref)) this.tell((w) => w.calleeDrop, () => ({ ...this.point(line), inst, callee: name, calleeLine: t.line, chain }));
      // Ours that the callee gives up before it takes this one are not held while it waits.
      const givenUp = given(t.droppedBefore);
      // A lock recursive for its owner that this path holds already: the callee re-enters it, waiting for nobody.
      const reentered = t.meta.reentrant && !!inst && !!s.find(inst);
      for (const h of held) {
        // What the callers hold is theirs to be told about, at their calls.
        if (givenUp.has(h.inst) || h.origin === 'caller' || reentered) continue;
        if (NESTABLE.has(h.kind) || NESTABLE.has(t.meta.kind)) continue;
        if (inst && h.inst === inst && !t.meta.shared) {
          // Taken back after the callee dropped it: our hold, returned to us; or re-entered, the callee
          // testing the lock's owner first.
          if (t.restores || t.meta.reentrant) continue;
          // Weaker evidence, said at info level: a recursion that may stop first (its base case
          // decides), a take only on some paths deep down a chain, or our hold handed to code not in view.
          const why = !t.always && this.ctx.recursive(name)
            ? ', unless the recursion stops before: check that it does for this argument'
            : !t.always && chain.length >= 3
              ? `, on some paths of ${chain.length} calls: check that this argument can reach it`
              : mayHaveReleased(this.out.keptThrough, h.inst, h.handedTo)
                ? `, unless ${h.handedTo}() (not in view), which was handed it, released it`
                : undefined;
          this.incident(this.out.doubleAcquires, {
            line,
            lock: inst,
            firstLine: h.line,
            chain,
            message: why
              ? `${name}() may take ${inst} again (${where}) while ${this.ctx.fn.name}() holds it (taken at line ${h.line})${why}`
              : `${name}() takes ${inst} (${where}) while ${this.ctx.fn.name}() already holds it (taken at line ${h.line}): this deadlocks`,
            events: s.eventList(),
            ...(why ? { severity: 'info' as const } : {}),
          });
        } else if (!inst && t.rebound && h.cls === cls && !t.trylock && !t.restores && !(h.shared && t.meta.shared)) {
          // The callee first points the parameter at an object it finds itself: ours, perhaps. (One it
          // takes back after dropping it waits for nobody if it is ours; if not, its drop is the finding.)
          this.incident(this.out.doubleAcquires, {
            line,
            lock: h.inst,
            firstLine: h.line,
            chain,
            message: `${name}() takes ${cls} through ${t.ref.path} (${where}), a parameter it first points at an object it finds itself, while ${this.ctx.fn.name}() holds ${h.inst} of that class (taken at line ${h.line}): if that object is this one, this deadlocks; if not, lockdep reports recursive locking`,
            events: s.eventList(),
            severity: 'warning',
          });
        } else if (h.cls !== cls && !t.trylock && !(inst && this.freshAt(inst, line)) && !this.freshAt(h.inst, line)) {
          // (A lock of an object this function just made orders nothing, also when a callee takes it.)
          this.out.orderEdges.push({ from: h, to: { inst: said, cls }, line, chain, calleeLine: t.line, calleeFile: t.file, under: this.gatesBeside(h, givenUp), ...this.recursiveRead(t.meta) });
        }
        if (t.meta.sleeps && h.atomic) this.sleepIncident(line, `${name}() takes the sleeping lock ${said}`, h, chain);
      }
    }
    const sleep = this.sleepOf(summary, argNodes);
    if (sleep) {
      const dropped = given(sleep.dropped);
      const chain = [name, ...sleep.chain];
      this.noteSleep(line, sleep.what, chain, [...dropped], { cond: sleep.ifArg, flag: sleep.ifFlag, oneOf: sleep.ifOneOf, args: argNodes });
      const where = summary.definedIn ? `, in ${summary.definedIn}` : '';
      for (const h of held) if (h.atomic && !dropped.has(h.inst)) this.sleepIncident(line, `${name}() may sleep (${sleep.what}, ${chain.join(' -> ')}${where})`, h, chain);
    }
    // `return callee(x);`: what the callee always returns locked, we return locked (its other outcomes are the return's pending effects).
    const slot = !target && isReturned(call) ? RETURN_SLOT : undefined;
    // Releases of what is held by the same name first: a lock held under another name is then the only one left of its class.
    const named = (e: SummaryEffect) => (e.op === 'release' && s.find(this.fromRef(e.ref, args, target) ?? '') ? 0 : 1);
    // One object passed for two parameters the callee tells apart: its paths took or gave the lock once.
    const doneFor = new Map<string, number | null>();
    const once = (e: SummaryEffect, inst: string) => {
      const by = doneFor.get(`${e.op}|${inst}`);
      if (by === undefined) {
        doneFor.set(`${e.op}|${inst}`, e.ref.param);
        return false;
      }
      return by !== null && e.ref.param !== null && !!summary.compares?.some(([x, y]) => (x === by && y === e.ref.param) || (y === by && x === e.ref.param));
    };
    // Passed as NULL, or a pointer this path found NULL (the way of a helper followed apart on `if (node)`).
    const nulls = new Set([...this.nullArguments(argNodes), ...argNodes.flatMap((a, i) => (this.testedNull(a) ? [i] : []))]);
    for (const e of [...effects].sort((x, y) => named(x) - named(y))) {
      const inst = this.fromRef(e.ref, args, target ?? (e.when === 'always' ? slot : undefined));
      if (!inst || once(e, inst)) continue;
      // Reached through an argument passed as NULL: the callee cannot have done it on any path it returns from.
      if (e.ref.param !== null && nulls.has(e.ref.param)) continue;
      const cls = this.ourClass(inst, e.ref.cls);
      if (e.elements) {
        this.releaseElements(inst, line, `${name}() releases the elements of ${inst} it holds`, [name, ...e.chain]);
        continue;
      }
      if (e.ifArg && this.argDecides(e.op, inst, e.ifArg, argNodes[e.ifArg.param])) continue;
      if (e.ifFlag && namesFlag(argNodes[e.ifFlag.arg], e.ifFlag.flag, this.text) === !!e.ifFlag.clear) continue;
      if (e.ifOneOf && this.constantOutside(e.ifOneOf, argNodes[e.ifOneOf.param])) continue;
      // Interrupts whose state was saved in a place of ours: only our hold saved there is given back.
      const place = e.savedIn ? this.fromRef(e.savedIn, args) : undefined;
      if (e.savedIn && e.op === 'release' && (!place || s.find(inst)?.savedIn !== place)) continue;
      if (e.op === 'release') this.heldAfterAll(inst, cls);
      const quiet = e.ifHeld && !this.holdsUnderSomeName(inst, cls);
      if (e.ref.param === RETURNED && e.when !== 'always' && target) {
        // Held when the callee returned an object: decided by a test of it, or by using it.
        s.pending.set(target, [...(s.pending.get(target) ?? []), { op: e.op, inst, cls, meta: e.meta, when: 'nonzero', text: `${name}() returns ${target} with ${inst} held`, line, onUse: true, atomicAt: this.atomicHeld(), ...handOffOf(e, name) }]);
        continue;
      }
      // Given back where the callee stored nonzero through our flag (`&dropped_lock`), clear at the call: our test of it says.
      const flag = e.toldThrough !== undefined && argNodes[e.toldThrough] ? addressedVariable(stripCasts(unparen(argNodes[e.toldThrough])), this.text) : undefined;
      if (flag && s.consts.get(flag) === 0) {
        s.pending.set(flag, [...(s.pending.get(flag) ?? []), { op: e.op, inst, cls, meta: e.meta, when: 'nonzero', text: `${name}() releases ${inst}`, line, callee: name, setsFlag: true }]);
        s.consts.delete(flag);
        continue;
      }
      // `WARN_ON(z3fold_page_trylock(zhdr))`: a try asserted to fail (the caller must hold the lock) takes nothing on the path that goes on.
      if (e.op === 'acquire' && e.when !== 'always' && !target && !tested && assertedOutcome(call, this.text, e.when, this.assertions) === false) {
        this.assertedHeld(inst, cls, e.meta, line, `${name}() tries ${inst}, asserted to fail: ${inst} is held by the caller`);
        continue;
      }
      const text = `${name}() ${e.op === 'acquire' ? 'takes' : 'releases'} ${inst}${e.chain.length ? ` (in ${e.chain.join(' -> ')})` : ''}`;
      const when = target || tested ? this.resultDecides(e, inst, cls) : undefined;
      if (!when) {
        if (e.op === 'acquire') {
          this.acquire(inst, cls, e.meta, line, text, [name, ...e.chain], true);
          const off = place ? s.find(inst) : undefined;
          if (off && off.count === 1) off.savedIn = place;
          if (e.handedTo) this.inheritHandOff(inst, e.handedTo, name);
          // Named through the variable the result is stored in: that store is not a reassignment of it
          // (a field's store never is one).
          const got = e.ref.param === RETURNED && target === assignedTo(call, this.text) ? s.find(inst) : undefined;
          if (got) got.fresh = true;
          const exchanged = e.exchanges ? this.fromRef(e.exchanges, args) : undefined;
          const swapped = exchanged ? s.find(inst) : undefined;
          if (swapped) swapped.exchangedFor = exchanged;
        }
        else {
          // The callee knew the class from the name it wrote (`inode->i_lock`, not `dentry->d_inode->i_lock`).
          if (!this.out.classes.has(inst)) this.out.classes.set(inst, cls);
          this.release(inst, line, quiet ? `${text} (on some of its paths)` : text, [name, ...e.chain], e.meta, quiet, quiet);
        }
      } else if (target) {
        // Held exactly when the callee stored the object through a pointer of ours (NULL otherwise): our test of
        // that variable (`if (bucket)`) decides it too.
        const out = e.outNullOtherwise && e.ref.param !== null && argNodes[e.ref.param] ? addressedVariable(stripCasts(unparen(argNodes[e.ref.param])), this.text) : undefined;
        const twin = out && out !== target ? { twin: {} } : {};
        const pending: ConditionalEffect = { op: e.op, inst, cls, meta: e.meta, text, line, ...when, callee: name, ...(e.op === 'acquire' ? { atomicAt: this.atomicHeld() } : {}), ...handOffOf(e, name), ...twin };
        s.pending.set(target, [...(s.pending.get(target) ?? []), pending]);
        if (out && twin.twin) s.pending.set(out, [...(s.pending.get(out) ?? []), { ...pending, when: 'nonzero', unless: undefined, unlessNegative: undefined, unlessBits: undefined }]);
      }
    }
    // `*dropped = 1` on every return of the callee: our `dropped`, passed as `&dropped`, holds it now.
    for (const o of summary.outs ?? []) {
      const v = argNodes[o.param] ? addressedVariable(stripCasts(unparen(argNodes[o.param])), this.text) : undefined;
      if (v) this.cur.consts.set(v, o.value);
    }
  }

  /**
   * Where a call's result is kept: the variable, or the field (`desc->page = grab_cache_page(...)`)
   * it is stored in. A lock the callee returns held is named, and its test found, through that place.
   */
  private resultPlace(call: SNode): string | undefined {
    const local = assignedTo(call, this.text);
    if (local) return local;
    const p = valueNode(call).parent;
    const left = p?.type === 'assignment_expression' && operator(p) === '=' && field(p, 'right') === valueNode(call) ? field(p, 'left') : undefined;
    if (left && unparen(left).type === 'field_expression' && isPath(unparen(left))) return canon(this.src(unparen(left)));
    // `*bucket = get_bucket(...)` through a pointer parameter: the caller's variable names it.
    const place = left ? derefName(left, this.text) : undefined;
    return place && this.ctx.fn.params.some((q) => place === `*${q.name}`) ? place : undefined;
  }

  /**
   * The variable a lock helper's take depends on (`if (lock_ioc) spin_lock(...)`, an `ifArg`
   * acquire), when this path does not know its value and the helper only takes locks new to
   * this path (one that gives any back is the merged summary's business); or the parameter of
   * ours a callee's release depends on (`i40e_rebuild(pf, reinit, lock_acquired)`, which gives
   * the lock back only when it is zero): each answer its own path, so our summary says the same.
   */
  private undecidedLockArgument(summary: FunctionSummary, argNodes: readonly SNode[], args: string[]): { name: string; op: 'acquire' | 'release' } | undefined {
    const acquiresOnly = summary.effects.every((e) => e.op === 'acquire');
    for (const e of summary.effects) {
      const arg = e.ifArg ? argNodes[e.ifArg.param] : undefined;
      const u = arg && unparen(arg);
      const inst = this.fromRef(e.ref, args);
      if (!u || u.type !== 'identifier' || !inst || this.argTruth(u) !== undefined) continue;
      const name = this.src(u);
      if (e.op === 'acquire' ? acquiresOnly && !this.cur.find(inst) : this.untestedValueParam(name)) return { name, op: e.op };
    }
    return undefined;
  }

  /** A parameter of an unsigned type as declared (`u8 instance`, `unsigned int n`, `size_t len`, `bool`): never below zero. */
  private unsignedParam(name: string): boolean {
    const type = this.ctx.fn.params.find((p) => p.name === name)?.type;
    return !!type && !type.includes('*') && isUnsignedType(type);
  }

  /** A value parameter (no pointer) this path has not tested yet in any way (`instance > 0` tests `instance`). */
  private untestedValueParam(name: string): boolean {
    if (!this.ctx.fn.params.some((p) => p.name === name && !p.type.includes('*'))) return false;
    return !this.cur.facts.alternatives().some((m) => [...m.keys()].some((k) => keyVariables(k).includes(name)));
  }

  /**
   * `if (!kref_put(&p->ref, release))`: a helper that calls its callback only on one answer
   * (the last reference put) gives back, on that answer, what the callback gives back: a global
   * lock, or the lock of a class the callback declares `__releases` through its own locals,
   * when this path holds exactly one of that class.
   */
  private calledBackOn(helper: CallbackHelper, args: string[], line: number): ConditionalEffect[] {
    const callback = this.callbackOf(helper, args);
    const summary = callback ? this.ctx.summaries.get(callback) : undefined;
    if (!summary || !helper.when) return [];
    const text = (inst: string) => `${helper.name}() calls ${callback}(), which releases ${inst}, when it returns ${helper.when}`;
    const out: ConditionalEffect[] = [];
    for (const e of summary.effects) {
      if (e.op === 'release' && e.ref.param === null && !e.ifArg) out.push({ op: 'release', inst: e.ref.path, cls: e.ref.cls, meta: e.meta, when: helper.when, text: text(e.ref.path), line });
      // Named from the argument the helper hands it (`to_fw_priv($)->fwc->lock` of `&fw_priv->ref`): that object's lock, when held.
      const inst = e.op === 'release' && e.ref.param === 0 && !e.ifArg && helper.passes !== undefined && args[helper.passes] !== undefined ? this.fromRef(e.ref, [args[helper.passes]]) : undefined;
      if (inst && this.cur.find(inst)) out.push({ op: 'release', inst, cls: e.ref.cls, meta: e.meta, when: helper.when, text: text(inst), line });
    }
    for (const r of summary.releasesByClass ?? []) {
      // `kref_put(&ctxi->kref, remove_context)`: the lock of the object the member handed over is in.
      const inst = r.ofContainer && helper.passes !== undefined ? containerLock(r.ofContainer, args[helper.passes]) : undefined;
      if (inst && this.cur.find(inst)) {
        out.push({ op: 'release', inst, cls: r.cls, meta: r.meta, when: helper.when, text: text(inst), line });
        continue;
      }
      if (r.undeclared) continue;
      const ours = this.cur.held.filter((h) => h.cls === r.cls && !h.detached);
      if (ours.length === 1) out.push({ op: 'release', inst: ours[0].inst, cls: r.cls, meta: r.meta, when: helper.when, text: text(ours[0].inst), line });
    }
    return out;
  }

  /**
   * Whether a callback a try primitive calls once it holds `inst` (`kref_put_mutex()`'s release)
   * gives the lock back on every return: as a global, or as the one lock of its class it
   * releases through its own locals.
   */
  private givesBack(callback: string, inst: string, cls: string): boolean {
    const summary = this.ctx.summaries.get(callback);
    if (!summary) return false;
    const global = summary.effects.some((e) => e.op === 'release' && e.when === 'always' && e.ref.param === null && !e.ifArg && !e.ifHeld && e.ref.path === inst);
    return global || summary.releasesByClass?.filter((r) => r.cls === cls).length === 1;
  }

  /**
   * `closure_return_with_destructor(cl, write_super_unlock)`: a function in view handed on as an
   * argument that gives back a semaphore of a class this path holds once (through its own locals,
   * or a global one). A semaphore belongs to no task, so the hold goes with the callback: released
   * here, quietly (the callback's up() is where it ends).
   */
  private semaphoreHandedOn(argNodes: readonly SNode[], line: number): void {
    const s = this.cur;
    for (const a of argNodes) {
      const u = stripCasts(unparen(a));
      const named = u.type === 'pointer_expression' && operator(u) === '&' ? field(u, 'argument') : u;
      const callback = named?.type === 'identifier' ? this.functionHanded(this.src(named)) : undefined;
      const summary = callback ? this.ctx.summaries.get(callback) : undefined;
      if (!summary) continue;
      const classes = [
        ...(summary.releasesByClass ?? []).filter((r) => r.meta.kind === 'semaphore').map((r) => r.cls),
        ...summary.effects.filter((e) => e.op === 'release' && e.ref.param === null && e.meta.kind === 'semaphore' && e.when === 'always').map((e) => e.ref.cls),
      ];
      for (const cls of new Set(classes)) {
        const ours = s.held.filter((h) => h.cls === cls && h.kind === 'semaphore' && !h.detached);
        if (ours.length === 1) this.release(ours[0].inst, line, `${ours[0].inst} handed to ${callback}(), which gives it back (a semaphore belongs to no task)`, [callback!], undefined, true);
      }
    }
  }

  /** The function a callback helper's call hands over, by its key in view. */
  private callbackOf(helper: CallbackHelper, args: string[]): string | undefined {
    return this.functionHanded(args[helper.fnArg]);
  }

  /** The function in view an argument names (`release`, `&release`), by its key. */
  private functionHanded(arg: string | undefined): string | undefined {
    const written = arg?.replace(/^&/, '').trim();
    return written ? functionKey(this.ctx.file, written) : undefined;
  }

  /** The ways of a callee (summary cases) this path allows, in our terms; undefined when its arguments cannot name them. */
  private casesAllowed(cases: readonly SummaryCase[], args: readonly string[], argNodes: readonly SNode[]) {
    const s = this.cur;
    const constant = (param: number) => (argNodes[param] ? this.valueOf(argNodes[param], s.consts) : undefined);
    // A way whose tests find the object's lock recorded as held is not ours where we do not hold it.
    const recordedFree = (ref: LockRef) => {
      const inst = this.fromRef(ref, [...args]);
      return !!inst && !s.find(inst);
    };
    // A constant this path stored in a place the way tests (`h->io_started = false;`) answers that test.
    const stored = (key: string, value: boolean) => {
      const v = s.consts.get(key);
      return v === undefined || (v !== 0) === value;
    };
    return casesInCaller(cases, args, constant)?.filter((c) => !c.recordedHeld.some(recordedFree) && c.facts.every(({ key, fact }) => stored(key, fact.value)) && s.facts.allows(c.facts.map(({ key, fact }) => [key, fact.value ? 'nonzero' : 'zero'] as const)));
  }

  /** For something a callee does only when an argument is one of some constants: true when this call passes another. */
  private constantOutside(among: ArgOneOf, arg: SNode | undefined): boolean {
    if (!arg) return false;
    const u = stripCasts(unparen(arg));
    if (u.type !== 'identifier' && u.type !== 'number_literal') return false;
    return outsideConstants(this.src(u), among.values, (name) => this.ctx.constants.get(name)) === true;
  }

  /**
   * For something a callee does only when an argument is (not) zero: true when this call's argument
   * skips it, a constant or a variable this path has tested (`locked` known set on the way of a lock
   * helper followed apart by it, `down_write_ref_node(node, locked)` then `up_write_ref_node(node, locked)`).
   */
  private constantSkips(cond: ArgCondition, arg: SNode | undefined): boolean {
    const known = arg ? this.argTruth(arg) : undefined;
    return known !== undefined && known !== cond.nonNull;
  }

  /** An argument every way of this path found NULL by a test of it (not a constant: see nullArguments). */
  private testedNull(arg: SNode): boolean {
    return this.testedTruth(arg) === false;
  }

  /** Whether an argument is nonzero here: its constant, or the answer every way of this path found to its test. */
  private argTruth(arg: SNode): boolean | undefined {
    const known = this.valueOf(arg, this.cur.consts);
    return known !== undefined ? known !== 0 : this.testedTruth(arg);
  }

  /**
   * The answer every way of this path found to a test of a variable or a member path (`if (!locked)`,
   * `if (node)`); none for a variable whose address the function hands out (`&ptl`), which a call may
   * have set since the test.
   */
  private testedTruth(arg: SNode): boolean | undefined {
    const u = stripCasts(unparen(arg));
    const key = u.type === 'identifier' ? this.src(u) : u.type === 'field_expression' && isPath(u) ? canon(this.src(u)) : undefined;
    const addressed = addressedVariables(this.ctx.file, this.ctx.fn);
    if (!key || instVars(key).some((v) => addressed.has(v))) return undefined;
    return this.cur.facts.get(key)?.value;
  }

  /**
   * For an effect done only when an argument is (not) NULL: true when this call
   * skips it. Either the argument's value is known here, or the argument still
   * carries the locks a callee returned with it for that same outcome (the
   * unlock half of `ci = lock_x_or_y(); ... unlock_x_or_y(ci)`): they cancel.
   */
  private argDecides(op: 'acquire' | 'release', inst: string, cond: ArgCondition, arg: SNode | undefined): boolean {
    if (!arg) return false;
    const s = this.cur;
    if (this.argTruth(arg) !== undefined) return this.constantSkips(cond, arg);
    const u = unparen(arg);
    const name = u.type === 'identifier' ? this.src(u) : undefined;
    const pending = name ? s.pending.get(name) : undefined;
    if (!name || !pending || op !== 'release') return false;
    const when = cond.nonNull ? 'nonzero' : 'zero';
    const match = pending.findIndex((p) => p.op === 'acquire' && p.inst === inst && p.when === when);
    if (match < 0) return false;
    const rest = pending.filter((_, k) => k !== match);
    s.keepPending(name, rest);
    s.push({ line: this.line(arg), kind: 'release', lock: inst, text: `${inst}, taken when ${name} is ${when === 'zero' ? 'NULL' : 'not NULL'}, given back` });
    return true;
  }

  private noteTake(t: SummaryTake, chain: string[], args: string[], passed?: PassedArgument): void {
    // Re-express the callee's take in this function's parameters, for our own summary.
    const inst = t.local ? t.ref.path : this.fromRef(t.ref, args);
    // Through a recursion the same take comes back with a longer chain each time: once is enough.
    if (!inst || new Set(chain).size < chain.length) return;
    // What we have dropped by now is dropped before the callee takes it, too.
    const dropped = [...this.cur.releasedCaller.keys()].filter((k) => k !== inst);
    const droppedBefore = [...(t.droppedBefore ?? []).map((r) => ({ ...r, param: null, path: this.fromRef(r, args) ?? r.path })), ...dropped.map((d) => ({ param: null, path: d, cls: this.out.classes.get(d) ?? d }))];
    const restores = t.restores || this.cur.releasedCaller.has(inst);
    // The callee's own `ifArg`, `ifFlag` and `ifOneOf` name its parameters, not ours: our summary finds its own.
    const { ifArg: _callees, ifFlag: _calleesFlag, ifOneOf: _calleesValues, ...take } = t;
    this.out.takes.push({ ...take, ref: { ...t.ref, path: inst, param: null }, chain, always: false, ...this.rebound(inst), ...(droppedBefore.length ? { droppedBefore } : {}), ...(restores ? { restores } : {}) });
    this.mayTake(inst, passed);
  }

  private indirectCall(call: SNode, line: number): void {
    const callee = field(call, 'function');
    const c = callee ? unparen(callee) : undefined;
    if (c?.type === 'field_expression') return this.operationCall(call, c, line);
    if (!c || c.type !== 'identifier') return;
    const param = this.src(c);
    if (!this.ctx.fn.params.some((p) => p.name === param && p.isFunctionPointer)) return;
    // The callback gets this call's arguments, so its parameters name our objects as a direct call's do.
    const args = callArgs(call).map((a) => this.lockArg(a));
    for (const cb of this.ctx.callbacksFor(this.ctx.fn.name, param)) {
      const summary = this.ctx.summaries.get(cb);
      if (!summary) continue;
      for (const t of summary.takes) {
        const chain = [cb, ...t.chain];
        const { ifArg: _callees, ...take } = t;
        this.out.takes.push({ ...take, chain, always: false });
        this.mayTake(t.ref.path);
        const inst = t.local ? undefined : this.fromRef(t.ref, args);
        // Ours that the callback gives up before it takes this one are not held while it waits;
        // what it reaches through its own locals is ours by class only.
        const givenUp = (h: { inst: string; cls: string }) => (t.droppedBefore ?? []).some((r) => (t.local && r.param === null ? r.cls === h.cls : this.fromRef(r, args) === h.inst));
        for (const h of this.cur.held) {
          if (h.detached || NESTABLE.has(h.kind) || NESTABLE.has(t.meta.kind) || givenUp(h)) continue;
          if (h.cls === t.ref.cls) {
            // Taken back after the callback dropped the hold we called it with: still ours, not a second take.
            if (t.restores && (inst === undefined || inst === h.inst)) {
              this.tell((w) => w.calleeDrop, () => ({ ...this.point(line), inst: h.inst, callee: cb, calleeLine: t.line, chain }));
              continue;
            }
            this.incident(this.out.doubleAcquires, {
              line,
              lock: h.inst,
              firstLine: h.line,
              chain,
              message: `callback ${cb}() (called through ${param}) takes ${t.ref.cls} at line ${t.line} while ${this.ctx.fn.name}() holds ${h.inst}`,
              events: this.cur.eventList(),
            });
          } else if (!t.trylock) {
            this.out.orderEdges.push({ from: h, to: { inst: t.ref.path, cls: t.ref.cls }, line, chain, calleeLine: t.line, calleeFile: t.file, under: [], ...this.recursiveRead(t.meta) });
          }
        }
      }
      if (summary.sleeps) for (const h of this.cur.held) if (h.atomic) this.sleepIncident(line, `callback ${cb}() may sleep (${summary.sleeps.what})`, h, [cb, ...summary.sleeps.chain]);
    }
  }

  private callbackHelper(helper: CallbackHelper, args: string[], line: number): void {
    const fnName = this.callbackOf(helper, args);
    const summary = fnName ? this.ctx.summaries.get(fnName) : undefined;
    if (!summary) return;
    for (const hold of helper.holds) {
      const holdInst = argumentPath(hold.path, args);
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
        } else if (!NESTABLE.has(t.meta.kind) && !t.trylock) {
          const from: Held = { inst: holdInst, cls: hold.cls, kind: 'mutex', sleeps: true, atomic: false, shared: false, line, origin: 'acquired', count: 1 };
          this.out.orderEdges.push({ from, to: { inst: t.ref.path, cls: t.ref.cls }, line, chain, calleeLine: t.line, calleeFile: t.file, under: [], ...this.recursiveRead(t.meta) });
        }
      }
    }
  }

  /**
   * The sleeping GFP flag an argument hands over: the flag, flags ORed with it, or either arm of a
   * choice (`atomic ? GFP_ATOMIC : GFP_KERNEL`); not a flag compared or named in a string (`"GFP_KERNEL"`).
   * A choice on a value this path knows takes its arm; one on a parameter it does not know sleeps
   * only with the value that picks the sleeping arm (`when`: the summary's condition for callers).
   */
  private sleepingFlag(arg: SNode): { flag: string; when?: [string, 'zero' | 'nonzero'] } | undefined {
    const u = stripCasts(unparen(arg));
    if (u.type === 'conditional_expression') {
      const [yes, no] = [field(u, 'consequence'), field(u, 'alternative')].map((x) => (x ? this.sleepingFlag(x) : undefined));
      const test = this.choiceTest(field(u, 'condition'));
      if (!test || (yes && no)) return yes ?? no;
      const known = this.cur.consts.get(test.name);
      if (known !== undefined) return (known !== 0) === test.nonzero ? yes : no;
      const picked = yes ?? no;
      if (!picked || picked.when || !this.ctx.fn.params.some((p) => p.name === test.name) || this.cur.rebound.has(test.name)) return picked;
      return { flag: picked.flag, when: [test.name, (yes ? test.nonzero : !test.nonzero) ? 'nonzero' : 'zero'] };
    }
    for (const x of joinedBy(u, '|')) {
      const v = stripCasts(unparen(x));
      const flag = v !== u ? this.sleepingFlag(v) : v.type === 'identifier' && this.ctx.knowledge.sleepingGfp.test(this.src(v)) ? { flag: this.src(v) } : undefined;
      if (flag) return flag;
    }
    return undefined;
  }

  /** `atomic` or `!atomic` as a choice's condition (as decide() reads it): the variable, and whether the first arm is its nonzero one. */
  private choiceTest(cond: SNode | null | undefined): { name: string; nonzero: boolean } | undefined {
    const c = cond ? this.decide(cond) : undefined;
    return c?.kind === 'key' && /^[A-Za-z_]\w*$/.test(c.key) ? { name: c.key, nonzero: !c.negated } : undefined;
  }

  /** `bio_alloc(..., GFP_NOFS) may sleep`: the call is handed a flag that lets it sleep. */
  private flagSleep(name: string, argNodes: readonly SNode[]): { why: string; when?: [string, 'zero' | 'nonzero'] } | undefined {
    const found = argNodes.map((a) => this.sleepingFlag(a)).find(Boolean);
    return found ? { why: `${name}(..., ${found.flag}) may sleep`, ...(found.when ? { when: found.when } : {}) } : undefined;
  }

  private sleepCheck(name: string, args: string[], argNodes: readonly SNode[], line: number, chain: string[]): void {
    // A GFP flag handed to a function that only computes from it (`node_zonelist(nid, GFP_KERNEL)`) allocates nothing.
    const flagged = this.ctx.knowledge.calls.sleeping.has(name) ? { why: `${name}() may sleep` } : !this.ctx.isPure(name) ? this.flagSleep(name, argNodes) : undefined;
    if (!flagged) return;
    const { why, when } = flagged;
    // `__xa_alloc(xa, ..., GFP_KERNEL)` under xa_lock(xa): it gives that lock up to sleep.
    const unlocked = this.ctx.knowledge.sleepsUnlocked.get(name);
    const given = unlocked ? shortFieldName(argumentPath(unlocked, args), this.ctx.file, this.ctx.knowledge) : undefined;
    this.noteSleep(line, why, [name], given ? [given] : [], undefined, when);
    for (const h of this.cur.held) if (h.atomic && h.inst !== given) this.sleepIncident(line, why, h, chain);
  }

  /**
   * Where this function may sleep, for its summary: the first sleep with all its
   * entry locks held wins, as callers holding one of them must know.
   */
  private noteSleep(line: number, what: string, chain: string[], alsoDropped: string[], passed?: PassedArgument, when?: [string, 'zero' | 'nonzero']): void {
    // Through a recursion the same sleep comes back with a longer chain: once is enough.
    if (new Set(chain).size < chain.length) return;
    const values = when ? new Map([...this.takeValues(passed), when]) : this.takeValues(passed);
    const s = this.cur;
    s.slept = s.slept ? commonValues(s.slept, values) : values;
    const dropped = [...new Set([...s.releasedCaller.keys(), ...alsoDropped])];
    if (!dropped.length) s.sleptHolding = s.sleptHolding ? commonValues(s.sleptHolding, values) : values;
    const prev = this.out.sleepsAt;
    const better = !prev || (prev.dropped.length && !dropped.length) || (!prev.dropped.length === !dropped.length && chain.length < prev.chain.length);
    if (better) this.out.sleepsAt = { line, what, chain, dropped };
    // A way that drops some: the locks every such way drops, at its shortest chain.
    const other = this.out.sleepsDropping;
    if (dropped.length) {
      const kept = other ? dropped.filter((d) => other.dropped.includes(d)) : dropped;
      this.out.sleepsDropping = !other || chain.length < other.chain.length ? { line, what, chain, dropped: kept } : { ...other, dropped: kept };
    }
  }

  private sleepIncident(line: number, what: string, h: Held, chain: string[]): void {
    // Held by every caller: each of them is told at its call, with the chain (unless all are in other files, which are not reviewed now).
    // So is one held because a caller in view holds it where it calls this function, which gives it back:
    // that caller is told where this summary, read against what it passes, sleeps with the lock held.
    if ((h.origin === 'caller' && !h.heldBy) || h.releasedFor) return;
    // A context entered with a lock still held: the lock's finding says it.
    if (ridesWithHeld(h, this.cur.held)) return;
    // Held on entry, where a lock this function took makes the point atomic too: that one is said (once per sleep).
    if (!takenOnPath(h) && this.cur.held.some((x) => x.atomic && takenOnPath(x))) return;
    // A lock a callee took and handed to code not in view, or one taken here and handed itself
    // (`xlog_wait(&q->lock)`) to such code: that code may have released it. (Handing its object on
    // says less: a call given `dev` rarely drops `dev->lock` before the sleep that follows.)
    const doubt = (!!h.handOffIn || (!!h.lockHanded && takenOnPath(h))) && mayHaveReleased(this.out.keptThrough, h.inst, h.handedTo);
    this.incident(this.out.sleeps, {
      line,
      lock: h.inst,
      firstLine: h.line,
      chain,
      message: `${what} while ${h.inst} (${contextWords(h)}, ${whereHeld(h)}) is held${doubt ? `, unless ${h.handedTo}() (not in view), which ${h.handOffIn ? `${h.handOffIn}() handed it` : 'was handed it'}, released it` : ''}`,
      events: this.cur.eventList(),
      ...(doubt ? { severity: 'info' as const } : {}),
    });
  }

  private incident(list: Incident[], incident: Incident): void {
    const kinds = new Map<Incident[], string>([
      [this.out.sleeps, 's'],
      [this.out.doubleAcquires, 'd'],
      [this.out.doubleReleases, 'r'],
    ]);
    const key = `${kinds.get(list) ?? 'c'}|${incident.line}|${incident.lock}`;
    if (this.incidentKeys.has(key)) return;
    this.incidentKeys.add(key);
    list.push(incident);
  }

  // ---- lock operations

  /** A callee's loop over an array of locks: every element of `array` held here is given back. */
  private releaseElements(array: string, line: number, text: string, chain: string[]): void {
    for (const h of this.cur.held.filter((x) => !x.detached && x.inst !== array && elementOf(x.inst) === array)) this.release(h.inst, line, text, chain);
  }

  /**
   * A callee gives back a lock that an untested result still only may hold
   * (`parent = lock_parent(d); __kill(d);` releasing d's parent): handing it
   * on to be released says it was taken. The one such lock of the class,
   * by name or under another, is held.
   */
  private heldAfterAll(inst: string, cls: string): void {
    const s = this.cur;
    if (s.find(inst)) return;
    const maybe = [...s.pending].flatMap(([v, effects]) => effects.filter((e) => e.op === 'acquire' && e.onUse).map((e) => ({ v, e, inst: e.inst, cls: e.cls, origin: 'acquired' })));
    const hit = maybe.find((m) => m.inst === inst) ?? this.heldUnderOtherName(inst, cls, maybe);
    if (!hit) return;
    const rest = s.pending.get(hit.v)!.filter((e) => e !== hit.e);
    s.keepPending(hit.v, rest);
    this.applyEffect(hit.e, hit.e.line);
  }

  /**
   * A try asserted to fail (`WARN_ON(trylock(l))`) says, as `lockdep_assert_held(l)` does, that the
   * lock is held here: by the caller, when this path has not taken it.
   */
  private assertedHeld(inst: string, cls: string, meta: LockMeta, line: number, text: string): void {
    const s = this.cur;
    if (this.holdsUnderSomeName(inst, cls)) return;
    s.held.push({ inst, cls, ...meta, line, origin: 'must-hold', count: 1, asserted: true });
    if (!this.out.classes.has(inst)) this.out.classes.set(inst, cls);
    s.push({ line, kind: 'assume', lock: inst, text });
  }

  /** Held here by this name, or the only lock of its class held under another. */
  private holdsUnderSomeName(inst: string, cls: string): boolean {
    return !!this.cur.find(inst) || !!this.heldUnderOtherName(inst, cls, this.cur.held);
  }

  /** The one lock of `inst`'s class among `held` that a release of `inst` gives back under another name (sameObject.ts). */
  private heldUnderOtherName<T extends NamedHold>(inst: string, cls: string, held: readonly T[]): T | undefined {
    return sameObjectHeld(inst, this.out.classes.get(inst) ?? cls, held, this.isRoot);
  }

  /**
   * A callee's class for a lock it reached through a pointer parameter (`mutex:b`) says nothing
   * here; the name the lock has here gives its struct field's class (`perf_event_context.mutex`).
   */
  private ourClass(inst: string, calleeCls: string): string {
    // Named by a pointer's type (`type:var`), or left a path (an untyped pointer: a macro's parameter): ours names it better.
    if (!calleeCls.includes(':') && !calleeCls.includes('->')) return calleeCls;
    const mine = lockClass(inst, this.ctx.env, this.ctx.file.structs, this.ctx.knowledge, this.ctx.pointsTo);
    return mine !== inst && !mine.includes(':') ? mine : calleeCls;
  }

  /** The class of an instance, from the words the code used for it (a local's type names it best). */
  private classOf(inst: string, written = inst): string {
    const cls = lockClass(written, this.ctx.env, this.ctx.file.structs, this.ctx.knowledge, this.ctx.pointsTo);
    this.out.classes.set(inst, cls);
    return cls;
  }

  /**
   * The caller's lock this path gave back, which a take of `inst` now takes again. Not one given
   * back only if held, when nothing said it was (a flag's unlock): taking it then is a new hold.
   * A counted context left and entered again is back at the caller's count, whatever that was.
   */
  private takenBack(inst: string, meta: LockMeta): CallerRelease | undefined {
    const gaveBack = this.cur.releasedCaller.get(inst);
    return gaveBack?.unasked && !NESTABLE.has(meta.kind) ? undefined : gaveBack;
  }

  private savedStates?: ReadonlySet<string>;

  /** The variables a state saver fills in this body (`local_save_flags(flags)`): the interrupt state as it was, not one turned off. */
  private irqStatesSaved(): ReadonlySet<string> {
    if (!this.savedStates) {
      const out = new Set<string>();
      walk(this.ctx.fn.body, (n) => {
        const arg = n.type === 'call_expression' && this.ctx.knowledge.calls.irqStateSavers.has(calleeName(this.ctx.file, n) ?? '') ? callArgs(n)[0] : undefined;
        if (arg) out.add(canon(this.src(arg)));
        return true;
      });
      this.savedStates = out;
    }
    return this.savedStates;
  }

  private initLines?: Map<string, number>;

  /**
   * A lock this path initialised before `line` (`spin_lock_init(&dbri->cmdlock)`) in an object it
   * made, not one found where others reach it (lockInitsOf): just made, no other thread holds it or
   * waits for it, so taking it under another orders nothing. (An init on a branch that returns
   * makes nothing for the path past it.)
   */
  private freshAt(inst: string, line: number): boolean {
    if (!this.cur.made.has(inst)) return false;
    if (!this.initLines) {
      this.initLines = new Map();
      for (const [owner, inits] of lockInitsOf(this.ctx.fn, this.ctx.file, this.ctx.knowledge))
        for (const i of inits) this.initLines.set(`${owner}->${i.member}`, this.ctx.file.lines.line(i.at));
    }
    const at = this.initLines.get(inst);
    return at !== undefined && at < line;
  }

  /**
   * A blocking attempt whose success a result tells (`ret = mutex_lock_interruptible(&m)`):
   * a take of its own (no caller can hold the lock, but for the one it gave back) and an order edge from each lock held,
   * said where it waits. Holding it is for the branch that knows the result.
   */
  private attempt(inst: string, cls: string, meta: LockMeta, line: number): void {
    const s = this.cur;
    this.out.classes.set(inst, cls);
    // (Unless it takes back the caller's lock this path gave back: `unlock; schedule(); ret = lock_interruptible()`.)
    this.out.takes.push({ ref: { param: null, path: inst, cls }, meta, line, chain: [], file: this.ctx.file.path, always: false, ...(this.takenBack(inst, meta) ? { restores: true } : {}) });
    for (const h of s.held) {
      if (h.origin === 'caller' || NESTABLE.has(h.kind) || h.cls === cls || this.freshAt(inst, line) || this.freshAt(h.inst, line)) continue;
      this.out.orderEdges.push({ from: h, to: { inst, cls }, line, chain: [], under: this.gatesBeside(h), ...this.recursiveRead(meta) });
    }
  }

  /**
   * A lock reached through a parameter this path has pointed elsewhere (`pring = calc_ring(io);`
   * then `spin_lock(&pring->ring_lock)`): not known to be the caller's object, so its take is no
   * take of what the caller passed. The summary keeps it as one through a local, marked rebound:
   * a caller holding a lock of its class is told the two may be one.
   */
  private rebound(inst: string): { local?: true; rebound?: true } {
    const root = instVars(inst)[0];
    return root && this.cur.defs.has(root) && this.ctx.fn.params.some((p) => p.name === root) ? { local: true, rebound: true } : {};
  }

  /**
   * The locks this path holds besides `h` (and those a callee gives up first) that shut every
   * other taker out (gateOf()): two orders both taken under one of them never run at once.
   */
  private gatesBeside(h: Held, dropped?: ReadonlySet<string>): string[] {
    return this.cur.held.filter((g) => g.inst !== h.inst && !dropped?.has(g.inst)).flatMap((g) => gateOf(g) ?? []);
  }

  /** The atomic locks this path holds now (what a take that is only found done later slept under). */
  private atomicHeld(): string[] {
    return this.cur.held.filter((h) => h.atomic).map((h) => h.inst);
  }

  /**
   * `atomicAt`: a take done at an earlier call, found done only now, slept under these of the locks held then.
   * Returns whether the take was the caller's hold again (one this path had given back).
   */
  private acquire(inst: string, cls: string, meta: LockMeta, line: number, text: string, chain: string[], viaSummary = false, trylock = false, atomicAt?: readonly string[]): boolean {
    const s = this.cur;
    this.out.classes.set(inst, cls);
    const dropped = this.takenBack(inst, meta);
    // What the path knew before this take: the take's own pointer, known non-NULL below, decides nothing.
    // (A callee's take was noted at its call, with the value of the argument it depends on; taking back
    // the caller's lock it dropped is no take of the caller's to guard: `if (!(flags & NO_LOCK)) lock`.)
    if (!viaSummary && !dropped) this.mayTake(inst);
    // A lock reached through a pointer was not reached through NULL: `inode && trylock(&inode->i_lock)` held means inode is set,
    // and so does `spin_lock(root_lock)` (the lock `*root_lock`), so a later `if (root_lock)` is true.
    const through = /^([A-Za-z_]\w*)->/.exec(inst)?.[1] ?? /^\*([A-Za-z_]\w*)$/.exec(inst)?.[1];
    if (through && !s.consts.has(through) && this.ctx.env.get(through)?.pointer) s.consts.set(through, NONZERO);
    const existing = s.find(inst);
    const before = [...s.releasedCaller.keys()].filter((k) => k !== inst);
    if (!viaSummary) this.out.takes.push({ ref: { param: null, path: inst, cls }, meta, line, chain, file: this.ctx.file.path, always: false, ...this.rebound(inst), ...(trylock ? { trylock } : {}), ...(dropped ? { restores: true } : {}), ...(before.length ? { droppedBefore: before.map((d) => ({ param: null, path: d, cls: this.out.classes.get(d) ?? d })) } : {}) });
    s.took.add(inst);
    if (existing) {
      // Counted as a second hold either way, so the unlocks that follow pair up with the two takes.
      existing.count++;
      if (NESTABLE.has(meta.kind) || (existing.shared && meta.shared) || meta.reentrant) {
        // Nesting contexts and read sides is fine, and so is re-entering a lock recursive for its owner.
      } else if (existing.origin !== 'caller' && !existing.releasedFor) {
        // The deadlock is the finding; what the state says after it is not another one.
        existing.doubled = true;
        // (Held by every caller: each is told at its call, through this function's summary. So is one
        // held only because a caller in view holds it where it calls this function, which gives it back:
        // this take may be on a way such callers do not go, `if (!(flags & NO_LOCK)) mutex_lock()`.)
        this.incident(this.out.doubleAcquires, {
          line,
          lock: inst,
          firstLine: existing.line,
          chain,
          message: existing.handedTo
            ? `${inst} is taken at line ${line} while still held since line ${existing.line}, unless ${existing.handedTo}() (not in view), which was handed it, released it`
            : `${inst} is taken at line ${line} while already held (${whereHeld(existing)}): this deadlocks`,
          events: s.eventList(),
          ...(existing.handedTo ? { severity: 'info' as const } : {}),
        });
      }
      s.push({ line, kind: 'acquire', lock: inst, text });
      return !!dropped;
    }
    // A snapshot of what was held before: the path goes on changing after the watchers have been told.
    this.tell((w) => w.acquire, () => ({ ...this.point(line), held: s.held.map((h) => ({ ...h })), inst, cls, meta, text, chain, viaSummary, trylock }));
    for (const h of s.held) {
      if (h.origin === 'caller') {
        // The callers' own order edges, through this function's summary.
      } else if (NESTABLE.has(h.kind) || NESTABLE.has(meta.kind)) {
        // Contexts are not classes of the lock order; sleeping in them still matters.
      } else if (h.cls === cls) {
        // Same class: for the watchers (lock/same-class-nesting), told below.
      } else if (!trylock && !viaSummary && !this.freshAt(inst, line) && !this.freshAt(h.inst, line)) {
        // (A callee's take orders at the call, from its summary's takes, which know what it dropped first.)
        this.out.orderEdges.push({ from: h, to: { inst, cls }, line, chain, under: this.gatesBeside(h), ...this.recursiveRead(meta) });
      }
      if (meta.sleeps && h.atomic && (!atomicAt || atomicAt.includes(h.inst))) this.sleepIncident(line, `${text} may sleep`, h, chain);
    }
    // A callee's sleeping take is in its summary's sleeps, with the argument it depends on.
    if (meta.sleeps && !viaSummary) this.noteSleep(line, text, chain, []);
    // Pinned by a lock of its own all through the gap, an object found under this lock is under it again.
    for (const [v, st] of [...s.stale]) {
      if (st.lock !== inst || !s.ownLocks(v).length) continue;
      s.stale.delete(v);
      s.under.set(v, { lock: inst, line: st.foundLine });
    }
    if (dropped) {
      // Taking back a lock the caller held: the caller's hold again, not a new one.
      // (Taken back as this take takes it: with interrupts off, if its primitive turns them off.)
      const { irqsOff: _irqs, bhOff: _bh, ...was } = dropped.held;
      s.held.push({ ...was, ...offFlags(meta), count: 1, origin: dropped.held.origin === 'releases' ? 'releases' : 'restored' });
      s.releasedCaller.delete(inst);
      if (!this.out.drops.some((d) => d.lock === inst && d.releaseLine === dropped.line && d.retakeLine === line)) this.out.drops.push({ lock: inst, releaseLine: dropped.line, retakeLine: line });
    } else {
      s.held.push({ inst, cls, ...meta, line, origin: 'acquired', count: 1, ...(trylock ? { tried: true } : {}) });
    }
    s.releasedHere.delete(inst);
    s.push({ line, kind: 'acquire', lock: inst, text });
    return !!dropped;
  }

  /** `quiet`: a callee's release on some of its paths only, of a lock not held here: noted, never a finding. */
  private release(inst: string, line: number, text: string, chain: string[] = [], meta?: LockMeta, quiet = false, unasked = false): void {
    const s = this.cur;
    inst = this.heldUnderCopy(inst);
    // (Interrupts on again, also where nothing of ours held them off: a callee's or a primitive's `local_irq_restore()`.)
    if (inst === IRQS_OFF) this.tell((w) => w.irqsRestored, () => this.point(line));
    this.out.releasedClasses.add(this.out.classes.get(inst) ?? this.classOf(inst));
    this.releasedByPendingCall(inst, line);
    let at = s.held.findIndex((h) => h.inst === inst && !h.detached);
    if (at < 0) at = s.held.findIndex((h) => h.inst === inst);
    if (at >= 0) {
      const h = s.held[at];
      if (h.handedTo) this.out.keptThrough.add(keptKey(h.inst, h.handedTo));
      if (h.count > 1) h.count--;
      else {
        s.held.splice(at, 1);
        // A callee that leaves a counted context (preempt-off, an RCU section) may be ending a
        // nesting that code not in view entered (a ring buffer's reserve and commit): one more
        // exit of ours is no double release.
        // Left through a callee, the caller's read side of an object (an SRCU struct) is the caller's all
        // the same: a callee entering it again (`kvm_vcpu_srcu_read_unlock()`, work, `..._read_lock()`)
        // gives it back. (A context with no object, preemption or RCU, only drains: see above.)
        const counted = chain.length > 0 && NESTABLE.has(h.kind);
        const callers = (h.origin === 'caller' || h.origin === 'restored') && !this.ctx.knowledge.contextLocks.has(inst);
        if (h.detached || (counted && !callers)) s.drained.add(inst);
        else if (h.origin === 'acquired') s.releasedHere.add(inst);
        else {
          // (One more exit through a callee still drains, as above.)
          if (counted) s.drained.add(inst);
          s.releasedCaller.set(inst, { line, meta: { kind: h.kind, sleeps: h.sleeps, atomic: h.atomic, shared: h.shared }, held: h });
          if (h.origin === 'caller' || h.origin === 'restored') this.incident(this.out.callerReleases, { line, lock: inst, chain, message: `${this.ctx.fn.name}() releases ${inst}, which its callers hold`, events: s.eventList() });
        }
        for (const [v, u] of [...s.under]) {
          if (u.lock !== inst) continue;
          s.under.delete(v);
          // Its reference is given back in here: the lookup that found it took one.
          if (!this.givenBack().has(v)) s.stale.set(v, { lock: inst, foundLine: u.line, releaseLine: line, ...(u.keptIf ? { keptIf: u.keptIf } : {}) });
        }
        const alsoEnds = this.endsWithRelease;
        this.tell((w) => w.release, () => ({ ...this.point(line), inst, text, released: h, chain, ...(alsoEnds ? { alsoEnds } : {}) }));
      }
      s.push({ line, kind: 'release', lock: inst, text });
      return;
    }
    // An unwind gives back what earlier rounds of a loop took, under the names they have now: an
    // element of the array by another index (`ports[j]` of what was taken as `ports[i]`), or a lock
    // of the class reached through the iterator that named them (`p->child->self->lock` of a `p->lock`).
    const collection = elementOf(inst);
    const cls = this.out.classes.get(inst) ?? this.classOf(inst);
    const through = instVars(inst).filter((v) => !this.isRoot(v));
    const earlierOne = (other: string, otherCls: string | undefined) => other !== inst && ((collection !== inst && elementOf(other) === collection) || (otherCls === cls && instVars(other).some((v) => through.includes(v))));
    const earlier = s.held.find((h) => h.detached && earlierOne(h.inst, h.cls));
    if (earlier) {
      this.release(earlier.inst, line, text, chain, meta);
      return;
    }
    if (s.drained.has(inst) || [...s.drained].some((d) => earlierOne(d, this.out.classes.get(d)))) {
      // One more of the earlier instances, released by the same loop (or one more exit of a counted context).
      s.push({ line, kind: 'release', lock: inst, text: `${text} (${this.ctx.knowledge.contextLocks.has(inst) ? 'its count may be higher than seen' : `an earlier ${inst}`})` });
      return;
    }
    // The walk back of an unwind visits entries this path cannot tell apart (those skipped on the way
    // in, say): what it gives back there is an entry's lock, never another name for one held here.
    if (through.some((v) => this.unwound.has(v)) && !s.releasedHere.has(inst)) {
      s.push({ line, kind: 'release', lock: inst, text: `${text} (an entry the walk back visits)` });
      return;
    }
    const before = s.releasedCaller.get(inst);
    const other = before || s.releasedHere.has(inst) ? undefined : this.heldUnderOtherName(inst, cls, s.held);
    if (other) {
      this.release(other.inst, line, `${text} (the ${other.cls} held as ${other.inst}, the only one held)`, chain, meta);
      return;
    }
    if (quiet && (s.releasedHere.has(inst) || before)) {
      s.push({ line, kind: 'release', lock: inst, text });
      return;
    }
    if (s.releasedHere.has(inst) || (before && before.held.origin !== 'assumed')) {
      const when = s.releasedHere.has(inst) ? 'already released on this path' : `already released at line ${before!.line}`;
      this.incident(this.out.doubleReleases, { line, lock: inst, chain, message: `${inst} is released at line ${line} but was ${when}`, events: s.eventList() });
    } else if (before) {
      // Once more what this path already gave back without taking (a loop): said once, at the first.
      s.push({ line, kind: 'release', lock: inst, text: `${text} (not taken in ${this.ctx.fn.name}())` });
      return;
    } else {
      // Released without being taken here: it must have been held on entry, or taken by a
      // function not in view that its object went through (then nothing is said of it).
      // Under a test of the caller's flag (`if (*locked) mutex_unlock(...)`): given back as that record says, if held.
      if (!quiet && this.callerFlagSet()) quiet = unasked = true;
      const m = meta ?? { kind: 'mutex' as const, sleeps: true, atomic: false, shared: false };
      const cls = this.out.classes.get(inst) ?? this.classOf(inst);
      // (Under any of its names: a local that stands for its path, `sb` of `wb_inode(...)->i_sb`, was handed as written.)
      const opaque = instVars(inst).some((v) => s.opaque.has(v)) || [...this.ctx.locals].some(([local, path]) => s.opaque.has(local) && (inst === path || isMemberPath(inst, path)));
      s.releasedCaller.set(inst, { line, meta: m, held: { inst, cls, ...m, line: this.ctx.fn.line, origin: 'assumed', count: 1 }, ...(quiet ? { quiet } : {}), ...(unasked ? { unasked } : {}) });
      s.push({ line, kind: 'release', lock: inst, text: `${text} (not taken in ${this.ctx.fn.name}()${opaque ? '; maybe by a call not in view' : ''})` });
      if (!opaque && !quiet) this.incident(this.out.callerReleases, { line, lock: inst, chain, message: `${this.ctx.fn.name}() releases ${inst}, which it did not take`, events: s.eventList(), values: this.takeValues() });
      return;
    }
    s.push({ line, kind: 'release', lock: inst, text });
  }

  /** The path tested true a flag behind a pointer parameter (`if (*locked)`): the caller's record of a lock it holds. */
  private callerFlagSet(): boolean {
    return this.ctx.fn.params.some((p) => p.type.includes('*') && this.cur.facts.get(`*${p.name}`)?.value === true);
  }

  /**
   * Releasing a lock that a call already released for one of its results, still
   * untested (`err = try_fill(c); mutex_unlock(&c->lock);`): on that result this
   * is a second release. Said here, where the unlock is.
   */
  private releasedByPendingCall(inst: string, line: number): void {
    const s = this.cur;
    for (const [v, effects] of [...s.pending]) {
      const e = effects.find((x) => x.op === 'release' && x.inst === inst);
      if (!e) continue;
      this.incident(this.out.doubleReleases, {
        line,
        lock: inst,
        message: `${inst} is released at line ${line}, but ${e.text.replace(/ releases .*/, '')} already released it at line ${e.line} ${e.setsFlag ? `where it set ${v}` : `when it returned ${e.onlyOn ? e.onlyOn : e.unless ? `anything but ${e.unless}` : e.unlessNegative ? 'anything but a negative error' : e.unlessBits ? `a result with none of ${e.unlessBits.join(', ')}` : e.when === 'zero' ? '0' : 'nonzero'}`} (in '${v}', not tested ${e.onlyOn ? 'for it ' : ''}before)`,
        events: s.eventList(),
      });
      const rest = effects.filter((x) => x !== e);
      s.keepPending(v, rest);
    }
  }

  /**
   * An edge of `ret == -EINTR` (or `!=`) after a try: where it is the code, the try failed;
   * where it is not, the try succeeded if the code was its only failure (the knowledge's
   * failsWith), else the edge decides nothing.
   */
  private resultCodeEdge(test: ResultCodeTest, equal: boolean, state: PathState, line: number): void {
    const stored = test.operand.type === 'identifier' ? this.src(test.operand) : test.operand.type === 'call_expression' ? assignedTo(test.operand, this.text) : undefined;
    const effects = stored ? (state.pending.get(stored) ?? []) : test.operand.type === 'call_expression' ? this.conditionalEffects(test.operand) : [];
    if (!effects.length) return;
    // Done only on a code: done where the result is this one, not where it is another; open where it is not this one.
    const only = effects.filter((e) => e.onlyOn && (equal || e.onlyOn === test.code));
    // Done unless the result is this code: decided either way here.
    const [coded, rest] = [effects.filter((e) => e.unless === test.code), effects.filter((e) => e.unless !== test.code && !e.onlyOn)];
    const succeeded = !equal && rest.length > 0 && rest.every((e) => e.failsWith?.length === 1 && e.failsWith[0] === test.code);
    // Out of the pending first: a release applied is no second one of a pending call's.
    const decidedHere = [...(equal || succeeded ? rest.concat(coded) : coded), ...only];
    if (stored) state.keepPending(stored, (state.pending.get(stored) ?? []).filter((e) => !decidedHere.includes(e)));
    if (equal) for (const e of only) if (e.onlyOn === test.code) this.applyEffect(e, line);
    if (!equal) for (const e of coded) this.applyEffect(e, line);
    if (!equal && !succeeded) return;
    const valueIs = equal ? 'nonzero' : 'zero';
    for (const e of rest) if (doneOn(e, valueIs)) this.applyEffect(e, line);
    // An error code is negative (-1 stands for any, as after a sign test); a named code has its value.
    if (stored) state.consts.set(stored, !equal ? 0 : test.code.startsWith('-') ? -1 : (this.ctx.constants.get(test.code) ?? NONZERO));
  }

  /**
   * What of a callee's effect the test of its result decides: done on zero or nonzero, or done
   * unless it returns an error code (as one done on zero, `unless` the code); undefined when done
   * at the call: done always, or a release unless a code of a lock this path does not hold
   * (nothing to give back either way).
   */
  private resultDecides(e: SummaryEffect, inst: string, cls: string): Pick<ConditionalEffect, 'when' | 'unless' | 'unlessNegative' | 'unlessBits' | 'onlyOn'> | undefined {
    if (e.onlyOn) return { when: 'nonzero', onlyOn: e.onlyOn };
    if (e.unless) return e.op === 'release' && !this.holdsUnderSomeName(inst, cls) ? undefined : { when: 'zero', unless: e.unless };
    if (e.unlessNegative) return e.op === 'release' && !this.holdsUnderSomeName(inst, cls) ? undefined : { when: 'zero', unlessNegative: true };
    if (e.unlessBits) return e.op === 'release' && !this.holdsUnderSomeName(inst, cls) ? undefined : { when: e.bitsNotOnZero ? 'nonzero' : 'zero', unlessBits: e.unlessBits };
    return e.when === 'always' ? undefined : { when: e.when };
  }

  /**
   * An edge of a bit test of a call's stored result (`ret & (VM_FAULT_ERROR | VM_FAULT_RETRY)`) decides
   * what the call does unless its result carries some bits (resultBits.ts): not done where they are
   * found set; done where some are found clear (the caller asked for the failures), a take held
   * until a later test finds the others set (`if (ret & VM_FAULT_DONE_COW) return ret;`).
   */
  private resultBitsEdge(t: BitTest, set: boolean, line: number): void {
    const s = this.cur;
    if (set) s.held = s.held.filter((h) => !h.untilBits || h.untilBits.variable !== t.base || bitsEdge(h.untilBits.bits, t, true) !== 'drop');
    const effects = s.pending.get(t.base);
    if (!effects?.some((e) => e.unlessBits)) return;
    const out: ConditionalEffect[] = [];
    const done: Array<{ e: ConditionalEffect; all: boolean }> = [];
    for (const e of effects) {
      const edge = e.unlessBits ? bitsEdge(e.unlessBits, t, set) : undefined;
      if (edge === 'done' || edge === 'asked') done.push({ e, all: edge === 'done' });
      else if (edge !== 'drop') out.push(e);
    }
    s.keepPending(t.base, out);
    for (const { e, all } of done) {
      this.applyEffect(e, line);
      const h = !all && e.op === 'acquire' ? s.find(e.inst) : undefined;
      if (h) h.untilBits = { variable: t.base, bits: e.unlessBits! };
    }
  }

  /** What a call does unless its result is an error code, done: the result is no longer asked about. */
  private flushUnless(name: string): void {
    const s = this.cur;
    const effects = s.pending.get(name);
    const untilError = (e: ConditionalEffect) => !!e.unless || !!e.unlessNegative || !!e.unlessBits;
    if (!effects?.some(untilError)) return;
    const rest = effects.filter((e) => !untilError(e));
    s.keepPending(name, rest);
    for (const e of effects) if (untilError(e)) this.applyEffect(e, e.line);
  }

  private applyEffect(e: ConditionalEffect, line: number): void {
    if (e.op === 'acquire' && e.failsIfHeld) {
      // A try made on a lock this path held (`mutex_trylock()`, ww_mutex_lock()'s -EALREADY) did not take it.
      this.cur.dead = true;
      return;
    }
    if (e.op === 'acquire') {
      // (Taking back the caller's lock it dropped is no take to guard, as acquire() says.)
      const restores = this.acquire(e.inst, e.cls, e.meta, e.line, e.text, [], true, true, e.atomicAt);
      this.noteIrqsSaved(e.inst, e.irqsSavedIn);
      if (e.triedWith && !restores) this.mayTake(e.inst, undefined, e.triedWith);
      if (e.handOff) this.inheritHandOff(e.inst, e.handOff.to, e.handOff.in);
    } else this.release(e.inst, line, e.text, e.callee ? [e.callee] : [], e.meta);
  }

  /** A first take of `inst` just made saved the interrupt state in `saved`: the hold says where. */
  private noteIrqsSaved(inst: string, saved: string | undefined): void {
    const taken = saved ? this.cur.find(inst) : undefined;
    if (taken && taken.count === 1) taken.irqsSavedIn = saved;
  }

  /** Where a take that turns interrupts off saves their state: its last argument (`spin_lock_irqsave(l, flags)`). */
  private irqsSavedBy(meta: LockMeta, argNodes: readonly SNode[]): Pick<ConditionalEffect, 'irqsSavedIn'> {
    return meta.irqsOff && argNodes.length > 1 ? { irqsSavedIn: canon(this.src(argNodes[argNodes.length - 1])) } : {};
  }

  /** A lock a callee took and handed to code not in view: held here with the callee's doubt. */
  private inheritHandOff(inst: string, to: string, callee: string): void {
    const h = this.cur.find(inst);
    if (!h || h.handedTo) return;
    h.handedTo = to;
    h.handOffIn = callee;
  }

  private acquireGuard(g: GuardRef): void {
    const cls = this.ctx.knowledge.guards.get(g.guardClass);
    const line = this.line(g.node);
    if (!cls) {
      this.cur.push({ line, kind: 'call', text: `guard class '${g.guardClass}' not known: assumed lock-neutral` });
      return;
    }
    const argText = g.args[0] ? this.lockArg(g.args[0]) : '';
    const inst = cls.path.includes('$') ? applyPath(cls.path, argText) : cls.path;
    this.acquire(inst, cls.path.includes('$') ? this.classOf(inst, applyPath(cls.path, g.args[0] ? this.written(g.args[0]) : '')) : inst, primitiveMeta(cls), line, `guard(${g.guardClass})(${argText})`, []);
  }

  private releaseGuard(g: GuardRef, line: number): void {
    const cls = this.ctx.knowledge.guards.get(g.guardClass);
    if (!cls) return;
    const argText = g.args[0] ? this.lockArg(g.args[0]) : '';
    const inst = cls.path.includes('$') ? applyPath(cls.path, argText) : cls.path;
    if (!this.cur.find(inst)) return;
    this.release(inst, line, `end of ${g.guardClass} guard scope`, [], primitiveMeta(cls));
    // A guard class gives back what its take turned off (`guard(spinlock_irqsave)`).
    if (cls.irqsOff) this.tell((w) => w.irqsRestored, () => this.point(line));
  }

  // ---- values

  /**
   * Writes to fields (`h->name = new`): a pointer read from that field before is no longer
   * reachable there. A constant stored in a field (`trans->removing_chunk = true`) is what a
   * later test of that field in this function reads, as for a local: the flag a function sets
   * around a lock and tests at its exit.
   */
  private fieldWrites(node: SNode): void {
    const stack = [node];
    while (stack.length) {
      const x = stack.pop()!;
      for (const c of x.children) stack.push(c);
      // `ev->users++` of a field counted by hand: a reference on `ev`, as a getter's.
      const raised = countedPlace(x, this.text, '+');
      if (raised && this.ctx.counted.has(lockClass(raised, this.ctx.env, this.ctx.file.structs, this.ctx.knowledge))) this.keepObjects([field(x, 'argument') ?? field(x, 'left')!]);
      if (x.type === 'update_expression') {
        const arg = field(x, 'argument');
        if (arg && unparen(arg).type !== 'identifier') this.placeWritten(canon(this.src(arg)));
        continue;
      }
      if (x.type !== 'assignment_expression') continue;
      const left = field(x, 'left');
      if (!left || unparen(left).type === 'identifier') continue;
      // `*(ptlp) = __ptl` in a macro's body is a write to `*ptlp`.
      const place = derefName(left, this.text) ?? canon(this.src(left));
      this.placeWritten(place);
      const right = field(x, 'right');
      // `*dropped = 1` through a parameter: what the caller finds in its variable (PathEnd.outValues).
      const v = right && operator(x) === '=' && (isPath(unparen(left)) || this.throughParameter(left)) ? this.valueOf(right, this.cur.consts) : undefined;
      if (v !== undefined) this.storedConstant(place, v);
      // `*locked = false;` after `*locked = mutex_trylock(...)`: the flag no longer says what the try did.
      const flag = derefName(left, this.text);
      if (flag && !this.cur.pending.get(flag)?.every((e) => e.line === this.line(x) && e.op === 'acquire')) {
        this.flushUnless(flag);
        this.cur.pending.delete(flag);
        for (const h of this.cur.held) if (h.recordedIn === flag) delete h.recordedIn;
      }
      if (operator(x) === '=') {
        this.claim(left, right);
        this.carried(left, right);
      }
      // `*head2_ret = head2` through a parameter: the caller's variable names what ours does (PathEnd.outPointers).
      if (this.throughParameter(left)) {
        const stored = right && operator(x) === '=' ? stripCasts(unparen(right)) : undefined;
        if (stored && isPath(stored)) this.cur.defs.set(place, canon(this.src(stored)));
        else this.cur.defs.delete(place);
      }
    }
  }

  /** A constant now in a place (a field or `*p`): what later tests of it here find, and, left in a parameter's field, what the caller finds there on this way. */
  private storedConstant(place: string, v: number): void {
    this.cur.consts.set(place, v);
    const root = /^[A-Za-z_]\w*/.exec(place)?.[0] ?? pointeeOf(place);
    if (root && (isMemberPath(place, root) || place === `*${root}`) && this.unchangedParameter(root)) this.cur.facts.assume(EXIT_TAG + place, { value: v !== 0, deps: [root] });
  }

  /**
   * A read of a kind whose readers wait for no queued writer with bottom halves off (the take turns
   * them off, or they are off here: a softirq callback, a lock taken with them off): only a writer
   * holding it keeps it out, and lockdep takes it as a recursive read.
   */
  private recursiveRead(meta: LockMeta): { recursiveRead?: true } {
    const bhOff = !!meta.bhOff || this.cur.held.some((h) => h.inst === BH_OFF || h.bhOff);
    return meta.shared && RECURSIVE_READ_IN_INTERRUPT.includes(meta.kind) && bhOff ? { recursiveRead: true } : {};
  }

  /** A parameter that still names what the caller passed: its fields are the caller's object's. */
  private unchangedParameter(name: string): boolean {
    return this.ctx.fn.params.some((p) => p.name === name) && this.ctx.fixedRoot(name) && !this.cur.rebound.has(name);
  }

  /** A callee's way left these constants in fields of our objects (its summary case's outs): written there, as if here. */
  private leaveOuts(outs: ReadonlyArray<{ key: string; value: boolean }>): void {
    for (const { key, value } of outs) {
      this.placeWritten(key);
      this.storedConstant(key, value ? NONZERO : 0);
      // A later callee's way asks the facts, not the constants.
      this.cur.facts.assume(key, { value, deps: keyVariables(key) });
    }
  }

  /**
   * `spu->alloc_state = SPU_USED` with the lock that found `spu` still held: the object's state
   * set to a constant where every finder looks under that lock, claims it for this thread; others
   * skip it after the unlock, and it is not theirs to free. (A flag bit or'ed in, `flags |=
   * TERMIO`, marks it for others too: the completion that frees it does not look.)
   */
  private claim(left: SNode, right: SNode | null | undefined): void {
    const s = this.cur;
    const l = unparen(left);
    const obj = l.type === 'field_expression' && operator(l) === '->' ? field(l, 'argument') : undefined;
    const v = obj && unparen(obj).type === 'identifier' ? this.src(unparen(obj)) : undefined;
    const found = v ? s.under.get(v) : undefined;
    if (!v || !found || !s.find(found.lock) || !right || !isConstantValue(stripCasts(unparen(right)), this.text)) return;
    this.keepObject(v);
  }

  /**
   * `op->file[1].vnode = vnode;`: vnode travels with op from here (a call not in view handed op is
   * handed vnode). Not a back pointer from a part of the object (`qh = &oxu->pool[i]; qh->oxu = oxu`).
   */
  private carried(left: SNode, right: SNode | null | undefined): void {
    const stored = right && stripCasts(unparen(right));
    const base = baseVar(canon(this.src(left)));
    if (stored?.type !== 'identifier' || !base) return;
    const name = this.src(stored);
    if (name !== base && this.ctx.env.get(name)?.pointer && !this.cur.roots.get(base)?.has(name)) this.cur.carriers.set(name, base);
  }

  /**
   * A callee may write through a pointer parameter of ours handed on as it is: what this path
   * wrote through it (`*p`) is not known after the call. (A variable handed as `&v` keeps what the
   * path knew of it: a callee's summary `outs` says what it writes there.)
   */
  private handedPointers(argNodes: readonly SNode[]): void {
    for (const a of argNodes) {
      const u = stripCasts(unparen(a));
      if (u.type === 'identifier') {
        this.cur.consts.delete(`*${this.src(u)}`);
        this.cur.defs.delete(`*${this.src(u)}`);
      }
    }
  }

  /** `*p` of a pointer parameter `p` of this function. */
  private throughParameter(left: SNode): boolean {
    const place = derefName(left, this.text);
    return !!place && this.ctx.fn.params.some((p) => place === `*${p.name}`);
  }

  /**
   * `place` (a field, or a shared pointer stored by rcu_assign_pointer()) now holds something
   * else: facts and copies of it are void, and an object read from it before is no longer
   * reachable there: taken out of its shared place, it is this thread's.
   */
  private placeWritten(written: string): void {
    const s = this.cur;
    // Tests of the place were keyed by what its base variable stands for (`grp->flags` tested as
    // `node_to_grp(kn)->flags`): forgotten under that name too.
    const base = /^[A-Za-z_]\w*/.exec(written)?.[0];
    const via = base ? this.aliasResolver()(base) : undefined;
    const also = via ? via + written.slice(base!.length) : undefined;
    // A test of a parameter's field (or of what it points at, `*locked`, not written before on this path) before
    // this write is what the caller passed: kept as that (ENTRY_TAG), for the function's ways (summaryCases.ts);
    // what an earlier write left (EXIT_TAG) is not.
    const pointee = base ? undefined : pointeeOf(written);
    const entry = base ? this.unchangedParameter(base) : !!pointee && this.unchangedParameter(pointee) && !s.rebound.has(written);
    if (pointee) s.rebound.add(written);
    s.facts.forgetKeeping(
      (k) => (k.startsWith(EXIT_TAG) || !k.startsWith(ENTRY_TAG)) && (k.includes(written) || (!!also && k.includes(also))),
      // (So is a test of some of its bits, `req->flags&1`, before `req->flags &= ~1`.)
      (k) => (entry && (k === written || k.startsWith(`${written}&`)) ? ENTRY_TAG + k : undefined),
    );
    for (const k of [...s.consts.keys()]) if (k === written || isMemberPath(k, written)) s.consts.delete(k);
    for (const [k, v] of [...s.aliases]) if (v.startsWith(written)) s.aliases.delete(k);
    for (const [v] of [...s.under]) if (s.defs.get(v) === written) s.under.delete(v);
    // `dentry = path->dentry; ...; path->dentry = other`: a lock held through the copy is no longer the place's.
    for (const h of s.held) if (!h.movedFrom && instVars(h.inst).some((v) => s.defs.get(v) === written)) h.movedFrom = written;
  }

  private assign(target: string, value: SNode | null, compound: boolean, line: number): void {
    const s = this.cur;
    if (this.ctx.fn.params.some((p) => p.name === target)) s.rebound.add(target);
    // Another object by that name now: its locks were not made here.
    if (s.made.size) for (const m of [...s.made]) if (instVars(m)[0] === target) s.made.delete(m);
    s.stale.delete(target);
    s.under.delete(target);
    this.reassigned(target);
    if (compound || !value) {
      s.consts.delete(target);
      s.defs.delete(target);
      s.implies.delete(target);
      return;
    }
    const u = stripCasts(unparen(value));
    const v = this.errorCodeOf(u) ? NONZERO : this.valueOf(value, s.consts);
    if (v === undefined) s.consts.delete(target);
    else s.consts.set(target, v);
    this.noteSign(s, target, v !== undefined && v !== NONZERO ? v < 0 : NEGATIVE_CODE.test(this.src(value)) || this.errorCodeOf(u) || (this.maskedBy(u) ? false : undefined));
    // A callee that always returns an object locked never returns NULL.
    if (u.type === 'call_expression' && this.returnsLocked(u, 'always')) s.consts.set(target, NONZERO);
    // An error pointer is no object: the 'zero' class, as after IS_ERR() is true, whichever way the path came.
    if (u.type === 'call_expression' && this.ctx.knowledge.calls.errorPointerMakers.has(calleeName(this.ctx.file, u) ?? '')) s.consts.set(target, 0);
    // A trylock inside the value (`ret = busy || !trylock(l)`) has just said when it holds.
    const triedHere = u.type !== 'call_expression' && !!s.pending.get(target)?.every((e) => e.line === line && e.op === 'acquire');
    if (!triedHere && (u.type !== 'call_expression' || !(this.conditionalEffects(u).length || this.returnsLocked(u)))) {
      this.flushUnless(target);
      s.pending.delete(target);
    }
    this.errorOf(target, u);
    // A pointer read as it is (`rcu_dereference_protected(auditd_conn, ...)`) comes from that place.
    const read = u.type === 'call_expression' && this.ctx.knowledge.calls.pointerReaders.has(calleeName(this.ctx.file, u) ?? '') ? callArgs(u)[0] : undefined;
    s.defs.set(target, canon(this.src(read ? stripCasts(unparen(read)) : value)));
    const implied = impliedBy(value, this.text);
    if (implied && !implied.whenTrue.some(([v]) => v === target)) s.implies.set(target, implied);
    else s.implies.delete(target);
    const member = u.type === 'call_expression' && this.ctx.knowledge.calls.memberToContainer.has(calleeName(this.ctx.file, u) ?? '') ? callArgs(u)[0] : undefined;
    if (member && unparen(member).type === 'identifier' && this.src(unparen(member)) !== target) s.containers.set(target, this.src(unparen(member)));
    // `dentry = path->dentry = dget(root)`: the copy and the path are one object again.
    const chained = u.type === 'assignment_expression' && operator(u) === '=' ? field(u, 'left') : undefined;
    if (chained && isPath(unparen(chained)) && !identifiersIn(unparen(chained), this.text).includes(target)) {
      s.aliases.set(target, canon(this.src(unparen(chained))));
    } else if (isPath(u) && !identifiersIn(u, this.text).includes(target)) {
      const t = canon(this.src(u));
      // A copy of a variable stands for that variable (or for the one it copies in turn).
      const via = s.aliases.get(t);
      s.aliases.set(target, /^[A-Za-z_]\w*$/.test(t) && via && /^[A-Za-z_]\w*$/.test(via) ? via : t);
    } else if (this.argumentFlagTest(u)) {
      // `needs_lock = issue_flags & IO_URING_F_UNLOCKED;`: testing the local tests that flag of the argument.
      s.aliases.set(target, canon(this.src(u)));
    } else if (u.type === 'pointer_expression' && operator(u) === '&' && field(u, 'argument') && isPath(unparen(field(u, 'argument')!)) && !identifiersIn(u, this.text).includes(target)) {
      // `m1 = &sb->s_vfs_rename_mutex;` then `mutex_unlock(m1)`: the lock it points at (an address, never NULL).
      s.aliases.set(target, canon(this.src(u)));
      s.consts.set(target, NONZERO);
    } else if ((this.pureQuery(u) || this.sharesLock(u)) && !identifiersIn(u, this.text).includes(target)) {
      // `grp = node_to_grp(kn);`: the answer of a pure function of these arguments. A test of the
      // local is a test of that call, in terms its callers (and an unlock twin asking again) can name.
      // (`folio = page_folio(page)`: a lock taken through the local is the page's, lockArg() says.)
      s.aliases.set(target, canon(this.src(u)));
    }
    const getter = u.type === 'call_expression' ? calleeName(this.ctx.file, u) : undefined;
    if (getter && !this.ctx.knowledge.primitives.has(getter) && !this.ctx.summaries.has(getter) && this.opaque(getter)) s.opaque.add(target);
    // A reference taken, or an object taken out of its shared place, is this thread's own.
    if (getter && (this.ctx.knowledge.calls.referenceGetters.has(getter) || this.ctx.knowledge.calls.detachingGetters.has(getter) || this.ctx.returnsReferenced(getter))) return;
    this.derive(target, identifiersIn(value, this.text), line, this.foundIn(u));
    const found = s.under.get(target);
    if (found && getter && this.ctx.knowledge.calls.lookups.has(getter)) found.lookedUpBy = this.argumentsKey(u);
    const node = found && getter && this.ctx.knowledge.calls.memberToContainer.has(getter) ? this.placeOf(callArgs(u)[0]) : undefined;
    if (node) found!.nodeAt = node;
  }

  /** The place a state writer's argument names: `p->flags` of `&p->flags` or of `p->flags`, `map` of `&map`; not a value (`nr`). */
  private writtenWord(n: SNode): string | undefined {
    const u = stripCasts(unparen(n));
    if (u.type === 'pointer_expression' && operator(u) === '&') return this.placeOf(field(u, 'argument') ?? undefined);
    return u.type === 'identifier' ? undefined : this.placeOf(u);
  }

  /** The place an expression names, through casts and parentheses (`(void *)q->events.next`): its canonical path, if it is one. */
  private placeOf(n: SNode | undefined): string | undefined {
    const place = n && stripCasts(unparen(n));
    return place && isPath(place) ? canon(this.src(place)) : undefined;
  }

  /** A call's arguments as one canonical text: the same container and key in a lookup and a removal. */
  private argumentsKey(call: SNode): string {
    return callArgs(call).map((a) => canon(this.src(a))).join(', ');
  }

  /** `PTR_ERR(kn)` of a pointer this path knows is an error (IS_ERR() was true): a negative code. */
  private errorCodeOf(u: SNode): boolean {
    const calls = this.ctx.knowledge.calls;
    const name = u.type === 'call_expression' ? calleeName(this.ctx.file, u) ?? '' : '';
    if (!calls.errorPointerValues.has(name) || calls.errorToStatus.has(name)) return false;
    const arg = callArgs(u)[0];
    const p = arg && stripCasts(unparen(arg));
    if (!p) return false;
    if (p.type === 'identifier' && this.cur.consts.get(this.src(p)) === 0) return true;
    // A pointer kept elsewhere than in a variable (`*wdev`, `priv->clk`): the test's own fact says so.
    const tested = this.decide(p);
    return tested?.kind === 'key' && calls.errorPointerTests.names.some((t) => this.cur.facts.get(`${t}(${tested.key})`)?.value === true);
  }

  /**
   * `ret = PTR_ERR_OR_ZERO(task);`: ret is 0 exactly when task is an object, so
   * what task's callee did for an object (or for an error) is decided by testing ret.
   */
  private errorOf(target: string, u: SNode): void {
    const s = this.cur;
    if (u.type !== 'call_expression' || !this.ctx.knowledge.calls.errorToStatus.has(calleeName(this.ctx.file, u) ?? '')) return;
    const arg = callArgs(u)[0];
    const from = arg && unparen(arg).type === 'identifier' ? this.src(unparen(arg)) : undefined;
    const effects = from ? s.pending.get(from) : undefined;
    if (!from || !effects?.length) return;
    s.pending.delete(from);
    s.pending.set(target, effects.map((e) => ({ ...e, when: e.when === 'zero' ? 'nonzero' : 'zero', onUse: false })));
  }

  /**
   * A value found in a shared collection (a list, table or tree lookup), or read
   * out of an entry found so: it lives as long as the collection keeps it, which
   * the lock guards. A field of an object we were given lives with that object.
   */
  private foundIn(u: SNode): boolean {
    // `list_first_entry(&g->devices, ...)->dev`: a field of an entry looked up, as found as the entry.
    let inner = u;
    while (inner.type === 'field_expression' && field(inner, 'argument')) inner = stripCasts(unparen(field(inner, 'argument')!));
    if (inner !== u && inner.type === 'call_expression') return this.foundIn(inner);
    if (u.type === 'call_expression') {
      const callee = calleeName(this.ctx.file, u) ?? '';
      const first = callArgs(u)[0];
      const of = first && stripCasts(unparen(first));
      // The container of an object the caller gave us is the caller's too; a pointer this
      // function loaded (`n = head->next`) may still lead into the shared list.
      if (this.ctx.knowledge.calls.memberToContainer.has(callee) && of?.type === 'identifier' && this.cur.unlinked.has(this.src(of))) return false;
      if (this.ctx.knowledge.calls.memberToContainer.has(callee) && of?.type === 'identifier' && !this.cur.defs.has(this.src(of))) return this.cur.under.has(this.src(of));
      return this.ctx.knowledge.calls.lookups.has(callee);
    }
    if (!isPath(u) || u.type === 'identifier') return false;
    const base = instVars(canon(this.src(u)))[0];
    return !!base && this.cur.under.has(base);
  }

  /**
   * `target` now names another object: locks held through it are earlier
   * instances, aliases of it and facts about it are void.
   */
  private reassigned(target: string): void {
    const s = this.cur;
    s.opaque.delete(target);
    s.unlinked.delete(target);
    // (Deleting while iterating is safe for these maps, as for Map: cow.ts.)
    for (const [k, v] of s.carriers) if (k === target || v === target) s.carriers.delete(k);
    for (const [c, m] of s.containers) if (c === target || m === target) s.containers.delete(c);
    for (const [from, to] of s.same) if (instVars(from).includes(target) || instVars(to).includes(target)) s.same.delete(from);
    s.facts.forget((_k, f) => f.deps.includes(target));
    for (const h of s.held) if (h.untilBits?.variable === target) delete h.untilBits;
    for (const [v, implied] of s.implies) if (implied.whenTrue.some(([x]) => x === target)) s.implies.delete(v);
    // A field's stored value went with the object the variable named.
    for (const k of s.consts.keys()) if (isMemberPath(k, target)) s.consts.delete(k);
    // A copy still holds the old object (`this_parent = dentry;` then a new `dentry`): its locks go by the copy's name.
    const heir = [...s.aliases].find(([k, v]) => v === target && k !== target)?.[0];
    if (heir) this.renameHolds(target, heir);
    // So does a copy of a member it reached (`ctx = iocb->ki_ctx;` then `iocb = NULL`): locks held through that member.
    for (const [k, v] of s.aliases) if (k !== target && isMemberPath(v, target)) this.renameHolds(v, k);
    // ... and so does what the path knew of its value (`n = n2;` with `n2->list_lock` taken: `n` is not NULL).
    const known = heir ? s.consts.get(target) : undefined;
    if (heir && known !== undefined && !s.consts.has(heir)) s.consts.set(heir, known);
    for (const [k, v] of s.aliases) {
      if (k === target || identifierTokens(v).includes(target)) s.aliases.delete(k);
    }
    for (const inst of s.releasedHere) if (instVars(inst).includes(target)) s.releasedHere.delete(inst);
    // What a pointer parameter was given (`*ret = obj`), or a local was set from (`runtime = substream->runtime`
    // before `substream` changes), is no longer what the variable names.
    for (const [k, v] of s.defs) if (k !== target && instVars(v).includes(target)) s.defs.delete(k);
    for (const h of [...s.held]) {
      if (h.fresh) {
        delete h.fresh;
        continue;
      }
      // (A context's name is no variable's: `bh-off` stays held when a local `off` is assigned.)
      if (h.detached || h.origin !== 'acquired' || this.ctx.knowledge.contextEntries.has(h.inst) || !instVars(h.inst).includes(target)) continue;
      if (s.held.some((o) => o !== h && o.detached && o.inst === h.inst)) s.held.splice(s.held.indexOf(h), 1);
      else h.detached = true;
    }
  }

  /** Locks held through `from` (`from->lock`, `from.lock`) are named through `to` from here on. */
  private renameHolds(from: string, to: string): void {
    const s = this.cur;
    for (const h of s.held) {
      const inst = rerootMember(h.inst, from, to) ?? h.inst;
      if (inst === h.inst || h.detached || s.find(inst)) continue;
      this.out.classes.set(inst, h.cls);
      h.inst = inst;
    }
  }

  /** Records that `target` was computed from `sources`; a pointer found this way under a lock is tracked. */
  private derive(target: string, sources: readonly string[], line: number, found = true): void {
    const s = this.cur;
    const roots = new Set<string>();
    for (const src of sources) {
      roots.add(src);
      for (const r of s.roots.get(src) ?? []) roots.add(r);
    }
    s.roots.set(target, roots);
    const type = this.ctx.env.get(target);
    if (!type?.pointer || !found) return;
    // The object whose own lock it is was not found under that lock: it was needed to take it.
    const path = this.ctx.locals.get(target);
    for (const h of s.held) {
      const base = baseVar(h.inst);
      const owns = !!path && (isMemberPath(h.inst, path) || h.inst === `*${path}`);
      if (base && base !== target && roots.has(base) && !NESTABLE.has(h.kind) && !h.detached && !owns) {
        s.under.set(target, { lock: h.inst, line });
        return;
      }
    }
  }

  private scopesRead?: Scopes;

  private scopes(): Scopes {
    return (this.scopesRead ??= Scopes.of(this.ctx.fn.body, this.text));
  }

  private checkStaleUses(node: SNode): void {
    const s = this.cur;
    if (!s.stale.size) return;
    // `struct_size(table, ...)` names the pointer for its type only: no use of the object.
    // Nor does handing it to a function in view that never names that parameter, nor printing
    // its address (`dev_dbg(dev, "desc %p\n", vd)`; a driver's own printing macro not in view, handed a literal
    // format, prints as printk does: `gru_dbg(grudev, "gts %p\n", gts)`).
    const calls = this.ctx.knowledge.calls;
    const printer = (call: string) => calls.logging.has(call) || calls.formatters.has(call) || !this.ctx.summaries.has(call);
    const printsAddress = (call: string, arg: number, node: SNode) => printer(call) && addressOnlyArguments(node, this.text).has(arg);
    const notUses = (call: string, arg: number, node: SNode) => calls.sizeOnly.has(call) || !!this.ctx.unreadArguments(call)?.has(arg) || printsAddress(call, arg, node);
    for (const name of dereferencedIn(node, this.text, notUses)) {
      const st = s.stale.get(name);
      if (!st) continue;
      // Found through a block's own variable of that name, now out of scope: another variable.
      if (!this.scopes().same(name, this.ctx.file.lines.lineStart(st.foundLine + 1) - 1, node.start)) {
        s.stale.delete(name);
        continue;
      }
      // Known NULL on this path (the find failed): there is no object to be freed (`kfree(zone)` after `if (!zone) goto out;`).
      if (s.consts.get(name) === 0) continue;
      // Inside an RCU read section still open here, entered before the lock it was found under was
      // dropped (`rcu_read_lock(); spin_unlock(&ioc->lock);`): the section keeps it from being freed.
      if (s.held.some((h) => h.kind === 'rcu' && h.line <= st.releaseLine)) continue;
      // Its own lock is held: whoever frees it must take that lock first (hand-over-hand walks).
      if (s.ownLocks(name).length) continue;
      const line = this.line(node);
      const key = `${name}|${st.lock}`;
      s.stale.delete(name);
      if (this.reportedStale.has(key)) continue;
      this.reportedStale.add(key);
      const type = this.ctx.env.get(name)?.typeName;
      // (Held since before the find: one taken after the drop leaves a window open.)
      const holding = s.held.filter((h) => h.inst !== st.lock && !h.detached && !NESTABLE.has(h.kind) && h.line <= st.foundLine).map((h) => ({ cls: h.cls, shared: h.shared }));
      this.out.staleUses.push({ variable: name, lock: st.lock, foundLine: st.foundLine, releaseLine: st.releaseLine, useLine: line, events: s.eventList(), ...(type ? { type } : {}), holding });
    }
  }

  // ---- branches

  private successors(b: CfgBlock): Array<{ block: number; state: PathState }> {
    const s = this.cur;
    if (b.cond) return this.branch(b, b.cond);
    const decided = this.switchCases(b);
    return b.succ.flatMap((e, i) => {
      const state = i === b.succ.length - 1 ? s : s.clone();
      if (decided && !decided(e, state)) return [];
      // One build compiles a configuration in or out everywhere: `#ifndef X` lock, `#ifndef X` unlock.
      if (b.config && (e.kind === 'true' || e.kind === 'false') && !state.facts.assume(`#${b.config.key}`, { value: (e.kind === 'true') !== b.config.negated, deps: [] })) return [];
      if (e.kind === 'goto' || e.kind === 'break' || e.kind === 'continue') {
        state.push({ line: e.line ?? b.line, kind: 'branch', text: e.kind === 'goto' ? `goto ${e.label}` : e.kind });
      } else if (b.loopMacro) {
        if (!this.iteratorEdge(b, e.kind === 'true', state)) return [];
        state.push({ line: b.line, kind: 'branch', text: `${b.loopMacro}: ${e.kind === 'true' ? 'next entry' : 'done'}` });
      }
      return [{ block: e.to, state }];
    });
  }

  /**
   * A `switch` on a pure value decides its case labels' tests on each edge, so that a
   * second `switch (mode)` (or an `if (mode == A)`) takes only the case the first took:
   * `case A` assumes `mode == A` and every other label unequal, `default` every label unequal.
   * Returns whether the edge is still possible, or undefined for a block that is no switch.
   */
  private switchCases(b: CfgBlock): ((e: CfgEdge, state: PathState) => boolean) | undefined {
    const last = b.items[b.items.length - 1];
    if (last?.kind !== 'switch') return undefined;
    const labels = b.succ.flatMap((e) => (e.kind === 'case' && e.label !== undefined ? [e.label] : []));
    const keys = caseKeys(last.node, labels, this.text, (callee) => this.ctx.isPure(callee), this.aliasResolver());
    if (!keys) return undefined;
    for (const { key, deps } of keys.values()) this.noteTest(key, deps);
    return (e, state) => {
      if (e.kind !== 'case' && e.kind !== 'default') return true;
      for (const [label, { key, deps }] of keys) if (!state.facts.assume(key, { value: e.kind === 'case' && e.label === label, deps })) return false;
      return true;
    };
  }

  /**
   * An iterator loop over one collection runs at least once exactly when
   * another loop over it did: its first test is a fact about the collection.
   */
  private iteratorEdge(b: CfgBlock, enters: boolean, state: PathState): boolean {
    const first = state.iterating.has(b.id) ? undefined : b.items[0];
    if (!enters) state.iterating.delete(b.id);
    else state.iterating.add(b.id);
    const entry = this.entryArgument(b);
    const iter = b.items[0]?.kind === 'stmt' ? iteratorName(b.items[0].node, this.text, entry) : undefined;
    if (iter && b.loopMacro && this.unwound.has(iter) && !this.passedEntries(b.loopMacro, iter, enters, !first, state)) return false;
    if (iter && enters) state.consts.set(iter, NONZERO);
    else if (iter && b.loopMacro && this.ctx.knowledge.calls.nullEndedIterators.has(b.loopMacro)) state.consts.set(iter, 0);
    // Run to its end, the walk leaves no entry in its cursor (NULL or the head's container): nothing found under a lock.
    if (!enters && iter && b.loopMacro && (this.ctx.knowledge.calls.nullEndedIterators.has(b.loopMacro) || this.ctx.knowledge.calls.headEndedIterators.has(b.loopMacro))) {
      state.under.delete(iter);
      state.stale.delete(iter);
    }
    const args = b.items[0]?.kind === 'stmt' ? unparen(b.items[0].node) : undefined;
    // Run to its end, `list_for_each_entry(pos, head, member)` leaves pos at the head's container.
    if (!enters && iter && args && b.loopMacro && this.ctx.knowledge.calls.headEndedIterators.has(b.loopMacro)) {
      const all = flattenComma(args);
      if (all.length >= 3) {
        const [head, member] = all.slice(-2).map((p) => this.src(p));
        const { key, deps } = equalityKey(`&${iter}->${member}`, head, this.aliasResolver());
        if (!state.facts.assume(key, { value: true, deps })) return false;
      }
    }
    if (!first || first.kind !== 'stmt') return true;
    const list = unparen(first.node);
    const parts = list.type === 'comma_expression' ? flattenComma(list) : [list];
    const others = parts.filter((_, i) => i !== entry);
    const key = `nonempty(${others.map((p) => canon(this.src(p))).join(',')})`;
    return state.facts.assume(key, { value: enters, deps: others.flatMap((p) => identifiersIn(p, this.text)) });
  }

  /**
   * A test that steps a counter it reads (`while (i--)`, `while (--i >= 0)`, the unwind of
   * what a loop took by index), of a counter the path knows is zero: the value tested and
   * the one left. From the first iteration of `for (i = 0; ...)`, such an unwind runs no time.
   * (Other numbers a path knows may stand for a sign only: `ret > 0` leaves 1.)
   */
  private steppedTest(subject: SNode): { name: string; tested: number; after: number } | undefined {
    if (subject.type !== 'update_expression') return undefined;
    const arg = field(subject, 'argument');
    const op = operator(subject);
    if (!arg || unparen(arg).type !== 'identifier' || (op !== '--' && op !== '++')) return undefined;
    const name = this.src(unparen(arg));
    const known = this.cur.consts.get(name);
    if (known !== 0) return undefined;
    const after = op === '--' ? known - 1 : known + 1;
    // The operator before the operand steps first (`--i`), after it tests first (`i--`).
    const prefix = subject.children[0]?.type === op;
    return { name, tested: prefix ? after : known, after };
  }

  /**
   * Whether an iterator has passed an entry: a walk from the head is on its first entry until it
   * comes round again; an unwind that walks back over the entries before the current one
   * (`list_for_each_entry_continue_reverse`) runs only when there are some. A lock loop that
   * failed on its first entry has nothing to give back. False when this edge cannot be.
   */
  private passedEntries(macro: string, iter: string, enters: boolean, again: boolean, state: PathState): boolean {
    const key = passedKey(iter);
    const calls = this.ctx.knowledge.calls;
    if (calls.precedingIterators.has(macro)) return !enters || state.facts.assume(key, { value: true, deps: [iter] });
    if (!enters) return true;
    state.facts.forget((k) => k === key);
    // A walk that resumes where the iterator is (`_continue`, `_from`) may have passed any number.
    return calls.resumingIterators.has(macro) || state.facts.assume(key, { value: again, deps: [iter] });
  }

  /** Which argument of a block's iterator macro is its entry variable. */
  private entryArgument(b: CfgBlock): number {
    return b.loopMacro ? this.ctx.iteratorEntry(b.loopMacro) : 0;
  }

  private branch(b: CfgBlock, cond: SNode): Array<{ block: number; state: PathState }> {
    const s = this.cur;
    const split = splitCondition(cond, this.text, this.ctx.knowledge);
    const { trueIs, sign } = split;
    const coded = resultCodeTest(cond, this.text, this.ctx.knowledge, this.ctx.constants);
    const conditional = split.subject.type === 'call_expression' ? this.conditionalEffects(split.subject) : [];
    const condLine = this.line(cond);
    // Said on each edge: written once.
    const condText = this.src(cond).replace(/\s+/g, ' ');
    this.recordLine(condLine);
    const stepped = this.steppedTest(split.subject);
    this.statement(cond, true);
    if (stepped) s.consts.set(stepped.name, stepped.after);
    // Stepped first (`--remaining > 0`), the variable's new value is the one tested.
    const subject = steppedVariable(split.subject) ?? split.subject;
    const owned = this.ownerTest(cond);
    const pairing = ifTest(cond) && b.succ.some((e) => this.lockBlocks.has(e.to));
    // (`instance > 0` of an unsigned value is its own truth: not zero.)
    const unsignedPositive = sign === 'positive' && subject.type === 'identifier' && this.unsignedParam(this.src(subject));
    const decided = sign && !unsignedPositive ? signTest(this.decide(subject, pairing, true), sign) : this.decide(subject, pairing, true);
    const out: Array<{ block: number; state: PathState }> = [];
    const edges = b.succ;
    edges.forEach((e, i) => {
      const valueIs = e.kind === 'true' ? trueIs : e.kind === 'false' ? (trueIs === 'zero' ? 'nonzero' : 'zero') : undefined;
      const state = i === edges.length - 1 ? s : s.clone();
      this.cur = state;
      if (valueIs) {
        const truthy = valueIs === 'nonzero';
        if (decided?.kind === 'constant' && decided.value !== truthy) return;
        if (decided?.kind === 'key') {
          const keyTruthy = truthy !== decided.negated;
          this.noteTest(decided.key, decided.deps);
          if (!state.facts.assume(decided.key, { value: keyTruthy, deps: decided.deps, ...(decided.bits ? { bits: decided.bits } : {}) })) return;
          // One side known NULL and the other not are not equal; two known NULL are (`if (buf == of->prealloc_buf)`
          // after `buf = of->prealloc_buf` was found NULL and `buf` then allocated).
          if (decided.operands && !equalityPossible(decided.operands.map((o) => this.zeroness(o, state)), keyTruthy)) return;
          if (decided.bits) this.resultBitsEdge(decided.bits, keyTruthy, condLine);
          if (this.lockBlocks.has(e.to)) this.lockDeciding.add(decided.key);
          if (keyTruthy && decided.sides && !this.equate(decided.sides[0], decided.sides[1], condLine)) return;
        }
      }
      if (valueIs && stepped && contradicted(stepped.tested, sign, valueIs)) return;
      if (valueIs === 'nonzero' && this.ctx.knowledge.lockKeepingObjects.size) this.heldByResultCode(subject, condLine);
      const deref = derefName(subject, this.text);
      if (valueIs && (subject.type === 'identifier' || (subject.type === 'field_expression' && isPath(subject)) || deref)) {
        const name = subject.type === 'identifier' ? this.src(subject) : (deref ?? canon(this.src(subject)));
        // A copy of a variable has its value (`n = n2;` and `n2->list_lock` taken: `if (n)` is true).
        const copied = subject.type === 'identifier' ? this.aliasResolver()(name) : undefined;
        // (A value every way found zero, `if (err)` false, is zero where the merges kept no constant for it.)
        const known = state.consts.get(name) ?? (copied && /^[A-Za-z_]\w*$/.test(copied) ? state.consts.get(copied) : undefined) ?? (state.facts.get(name)?.value === false ? 0 : undefined);
        if (known !== undefined && contradicted(known, sign, valueIs)) return;
        // `ret > 0` false leaves zero and the errors apart: a result it decides nothing of.
        if (sign !== 'positive' || valueIs === 'nonzero') {
          // `ret < 0` false leaves zero and the positive results: what is done on nonzero (a helper's
          // `return 1` with the lock) is still to be decided; what is done on zero, or unless an error, is decided.
          const pending = state.pending.get(name) ?? [];
          // One done unless its result carries some bits is not decided by a nonzero result: the bits' test is to come.
          const open = sign === 'negative' && valueIs === 'zero' ? pending.filter((eff) => eff.when === 'nonzero' && !eff.unless && !eff.onlyOn) : valueIs === 'nonzero' ? pending.filter((eff) => eff.unlessBits) : [];
          // One done only on an error code stays open where the edge leaves negative values possible.
          const codeStillPossible = sign === 'positive' ? valueIs === 'zero' : valueIs === 'nonzero';
          if (codeStillPossible) open.push(...pending.filter((eff) => eff.onlyOn));
          // Out of the pending first: a release applied is no second one of a pending call's.
          const decidedHere = pending.filter((eff) => !open.includes(eff));
          state.keepPending(name, open);
          if (!sign && subject.type === 'identifier') this.noteSign(state, name, valueIs === 'zero' ? false : triedSign(decidedHere));
          for (const eff of decidedHere) {
            if (!doneOn(eff, valueIs, sign)) continue;
            this.applyEffect(eff, condLine);
            // Kept in a flag through a pointer (`*locked`): whoever reads the flag knows the lock is held.
            const h = deref && eff.op === 'acquire' ? state.find(eff.inst) : undefined;
            if (h) h.recordedIn = deref;
          }
        }
        if (sign) {
          // A sign says negative (an error: -1 stands for it) or positive, never which value; of
          // a value known nonzero, the other sign when it fails.
          const [yes, no] = sign === 'negative' ? [-1, 1] : [1, -1];
          if ((known === undefined || known === NONZERO) && valueIs === 'nonzero') state.consts.set(name, yes);
          else if (known === NONZERO) state.consts.set(name, no);
        } else if (valueIs === 'zero') state.consts.set(name, 0);
        else if (known === undefined) state.consts.set(name, NONZERO);
        // A flag set from tests of others answers them (`if (not_lockless)`: `rtnl_held` was zero).
        const implied = sign ? undefined : state.implies.get(name);
        if (implied && !implyOn(state, implied, valueIs)) return;
      }
      if (valueIs) this.keptOnEdge(subject, valueIs);
      if (valueIs && conditional.length) {
        // `if ((ret = mutex_lock_interruptible(...)))`: ret is decided with the call (out of the
        // pending first: a release applied here is no second one of the call's).
        const stored = assignedTo(subject, this.text);
        if (stored) {
          state.keepPending(stored, []);
          if (valueIs === 'zero') state.consts.set(stored, 0);
        }
        for (const eff of conditional) if (doneOn(eff, valueIs, sign)) this.applyEffect(eff, condLine);
      }
      if (coded && (e.kind === 'true' || e.kind === 'false')) {
        const equal = (e.kind === 'true') === coded.equalWhenTrue;
        // No result code is 0: a value known zero here (`if (ret) {...}` not taken) is none of them.
        if (equal && this.knownZero(coded.operand, state)) return;
        this.resultCodeEdge(coded, equal, state, condLine);
      }
      if (owned && (e.kind === 'true' || e.kind === 'false') && (e.kind === 'true') === owned.equalWhenTrue) this.reentered(owned, condLine);
      // (A try that cannot succeed here made its success branch no path.)
      if (state.dead) return;
      state.push({ line: condLine, kind: 'branch', text: `${condText} is ${e.kind === 'true' ? 'true' : 'false'}` });
      out.push({ block: e.to, state });
    });
    this.cur = s;
    return out;
  }

  /** A test of an owner record of a lock this function takes against the running task: the lock, as this path names it. */
  private ownerTest(cond: SNode): { inst: string; cls: string; meta: LockMeta; record: string; equalWhenTrue: boolean } | undefined {
    const { file, knowledge } = this.ctx;
    const tested = comparedWithCurrent(cond, file, knowledge.calls.currentTask);
    if (!tested) return undefined;
    this.owners ??= ownerRecords(this.ctx.fn.body, file, knowledge);
    const record = this.lockArg(tested.side);
    const own = this.owners.find((o) => this.lockArg(o.record) === record);
    if (!own) return undefined;
    const inst = primitiveInst(own.primitive, this.lockArg(own.lock), file, knowledge);
    const cls = this.classOf(inst, primitiveInst(own.primitive, this.written(own.lock), file, knowledge));
    return { inst, cls, meta: primitiveMeta(own.primitive), record, equalWhenTrue: tested.equalWhenTrue };
  }

  /** The test says the running task owns the lock: its caller holds it, and this function re-enters it. */
  private reentered(owned: { inst: string; cls: string; meta: LockMeta; record: string }, line: number): void {
    const s = this.cur;
    this.out.reentrant.add(owned.inst);
    if (s.find(owned.inst)) return;
    this.out.classes.set(owned.inst, owned.cls);
    s.held.push({ inst: owned.inst, cls: owned.cls, ...owned.meta, reentrant: true, line, origin: 'caller', count: 1 });
    s.push({ line, kind: 'assume', lock: owned.inst, text: `${owned.record} is the running task: the caller holds ${owned.inst}` });
  }

  /**
   * `a == b` holds on this path: the two pointers are one object, so their
   * locks are one lock. Locks named through one path are renamed through the
   * other (the shorter, a parameter's, wins), and so is every later use; one
   * that this function had given back and now holds again under the other
   * name is taken back.
   */
  /** False when what this path knew of the two makes them no one object (`a->n < b->n` was true). */
  private equate(a: string, b: string, line: number): boolean {
    const s = this.cur;
    const env = this.ctx.env;
    const type = env.get(a)?.typeName;
    if (!type || env.get(b)?.typeName !== type || !env.get(a)?.pointer || !env.get(b)?.pointer) return true;
    const [pa, pb] = [this.oneName(throughLocals(a, this.ctx.locals)), this.oneName(throughLocals(b, this.ctx.locals))];
    if (pa === pb) return true;
    const [ia, ib] = [pa, pb].map((p) => this.ctx.fn.params.findIndex((q) => q.name === p));
    if (ia >= 0 && ib >= 0) this.out.comparedParams.add(`${Math.min(ia, ib)}|${Math.max(ia, ib)}`);
    // Named as the one that stays: a parameter or global the function never reassigns, not a loop
    // cursor (`sdev == current_sdev`: the cursor moves on, current_sdev's lock is still held);
    // between two of a kind, the shorter name.
    const stays = (p: string) => instVars(p).every((v) => this.ctx.fixedRoot(v));
    const keepA = stays(pa) !== stays(pb) ? stays(pa) : pa.length < pb.length || (pa.length === pb.length && pa < pb);
    const [from, to] = keepA ? [pb, pa] : [pa, pb];
    const rename = (inst: string) => reroot(inst, from, to) ?? inst;
    // Tests of the two against each other answer themselves now.
    if (/^[A-Za-z_]\w*$/.test(from) && !s.facts.rename((k) => renameKeyVariables(k, (v) => (v === from ? to : undefined)), selfComparison)) return false;
    for (const h of [...s.held]) {
      const inst = rename(h.inst);
      if (inst === h.inst || h.detached) continue;
      this.out.classes.set(inst, h.cls);
      const given = s.releasedCaller.get(inst);
      if (s.find(inst)) {
        s.held.splice(s.held.indexOf(h), 1);
      } else if (given) {
        s.held.splice(s.held.indexOf(h), 1, { ...given.held, count: 1, origin: given.held.origin === 'releases' ? 'releases' : 'restored' });
        s.releasedCaller.delete(inst);
        this.out.drops.push({ lock: inst, releaseLine: given.line, retakeLine: line });
      } else {
        h.inst = inst;
        // Held again under this name, whatever an earlier path released by it.
        s.releasedHere.delete(inst);
      }
    }
    for (const inst of [...s.releasedHere]) {
      const renamed = rename(inst);
      if (renamed !== inst) {
        s.releasedHere.delete(inst);
        s.releasedHere.add(renamed);
      }
    }
    s.same.set(from, to);
    return true;
  }

  /**
   * The indices of a call's arguments written as 0 (`NULL`). (Not a variable the path knows is
   * NULL: one handed as `&v` to a callee may have been set since.)
   */
  private nullArguments(argNodes: readonly SNode[]): number[] {
    return argNodes.flatMap((a, i) => (this.valueOf(a, NO_CONSTS) === 0 ? [i] : []));
  }

  /**
   * A try of a lock this path holds where it is made fails at once instead of waiting: a trylock,
   * or one given a context that is not NULL (the knowledge's recursion: ww_mutex_lock()'s acquire
   * context), which then returns its error, so a test for any other result is no path either.
   */
  private failsIfHeld(prim: LockPrimitive, argNodes: readonly SNode[], inst: string): Pick<ConditionalEffect, 'failsIfHeld' | 'failsWith'> {
    if (!this.heldByThisPath(inst)) return {};
    if (!prim.sleeps) return { failsIfHeld: true };
    const r = prim.recursion;
    const told = !!r && !!argNodes[r.arg] && this.valueOf(argNodes[r.arg], NO_CONSTS) !== 0;
    return told ? { failsIfHeld: true, failsWith: [r.returns] } : {};
  }

  /** Whether a condition's operand (rendered as its key names it) is known zero or nonzero on this path. */
  private zeroness(operand: string, state: PathState): 'zero' | 'nonzero' | undefined {
    const fact = state.facts.get(operand)?.value;
    if (fact !== undefined) return fact ? 'nonzero' : 'zero';
    const known = /^[A-Za-z_]\w*$/.test(operand) ? state.consts.get(operand) : undefined;
    return known === undefined ? undefined : known === 0 ? 'zero' : 'nonzero';
  }

  /** A plain variable this path knows is 0. */
  private knownZero(n: SNode, state: PathState): boolean {
    const u = unparen(n);
    return u.type === 'identifier' && state.consts.get(this.src(u)) === 0;
  }

  /** Held exclusively by this path's own take (not a caller's hold, not one handed to code not in view, not a read side or a counted context). */
  private heldByThisPath(inst: string): boolean {
    const h = this.cur.find(inst);
    return !!h && !h.detached && !h.shared && !h.handedTo && !NESTABLE.has(h.kind) && takenOnPath(h);
  }

  /** An expression's value if it is a constant: a literal, a named constant, or a variable `consts` knows. */
  private valueOf(n: SNode, consts: ReadonlyMap<string, number>): number | undefined {
    return constantValue(n, this.text, consts, this.ctx.knowledge.configOff, this.ctx.constants);
  }

  /**
   * A branch subject that is a constant, or a pure test whose answer a path can remember.
   * `pairing`: the test of an `if` that decides whether a lock is taken or given back, where a
   * query of a function neither in view nor known to the knowledge (`f2fs_sb_has_quota_ino(sbi)`,
   * `uart_console(port)`), or of a bit of a word (`test_bit(thread, &priv->lock_map)`), is taken to
   * answer alike when asked again: code that locks under a test and unlocks under the same test means it to.
   */
  private decide(subject: SNode, pairing = false, stepsDone = false) {
    const c = this.valueOf(subject, NO_CONSTS) ?? this.orderKnown(subject, stepsDone);
    if (c !== undefined && subject.type !== 'identifier') return { kind: 'constant' as const, value: c !== 0 };
    const pure = (callee: string) => this.ctx.isPure(callee);
    const value = conditionValue(subject, this.text, pure, this.aliasResolver(), this.ctx.knowledge.calls.transparent, this.ctx.constants, stepsDone);
    if (value || !pairing) return value;
    const unknownQuery = (callee: string) => !this.ctx.summaries.has(callee) && !classedByKnowledge(this.ctx.knowledge, callee, true);
    // A bit reader (`test_bit(nr, &p->flags)`) reads its word as `p->flags` reads a field: asked again, it
    // answers alike until the word is written (placeWritten(), by an assignment or a state writer's call on it).
    const bitReader = (callee: string) => this.ctx.knowledge.calls.bitReaders.has(callee);
    const paired = conditionValue(subject, this.text, (callee) => pure(callee) || unknownQuery(callee) || bitReader(callee), this.aliasResolver(), this.ctx.knowledge.calls.transparent, this.ctx.constants);
    // (A question about no variable, `need_resched()`, may answer otherwise the next time: as conditionQueries() says.)
    if (paired?.kind !== 'key' || !paired.deps.some((d) => !CONSTANT_NAME.test(d))) return undefined;
    this.pairedTests.add(paired.key);
    return paired;
  }

  /**
   * An order test this path can answer (1 or 0): a variable it knows is zero against a constant
   * (`cnt >= MAX_RETRIES` after a loop's first pass broke out). Other known values may stand for a
   * sign only (`ret < 0` passed leaves -1), so only zero is compared.
   */
  private orderKnown(subject: SNode, stepsDone: boolean): number | undefined {
    const o = orderedOperands(subject, this.text, stepsDone);
    const value = (x: SNode) => this.valueOf(x, NO_CONSTS) ?? (this.knownZero(x, this.cur) ? 0 : undefined);
    const [lo, hi] = o ? [value(o.lo), value(o.hi)] : [];
    if (lo === undefined || hi === undefined) return undefined;
    return lo < hi !== o!.negated ? 1 : 0;
  }

  /** A copy of a copy of a path stands for that path, in a condition's key. */
  private aliasResolver(): (name: string) => string | undefined {
    const aliases = this.cur.aliases;
    return (name) => {
      let v = aliases.get(name);
      for (let k = 0; v && k < 3 && aliases.has(v); k++) v = aliases.get(v);
      return v;
    };
  }
}

/** Whether two operands of these zeroness can be equal (`equal`) or unequal (not). */
function equalityPossible([a, b]: Array<'zero' | 'nonzero' | undefined>, equal: boolean): boolean {
  if (!a || !b) return true;
  if (a !== b) return !equal;
  return a === 'nonzero' || equal;
}

/** The test of an `if` (or a part of one joined by `&&` or `||`, or negated), not of a loop. */
function ifTest(cond: SNode): boolean {
  let n: SNode | null = cond;
  while (n.parent && (n.parent.type === 'parenthesized_expression' || n.parent.type === 'condition_clause' || (n.parent.type === 'unary_expression' && operator(n.parent) === '!') || (n.parent.type === 'binary_expression' && (operator(n.parent) === '&&' || operator(n.parent) === '||')))) n = n.parent;
  return n.parent?.type === 'if_statement';
}

/** `x = call(...);` or `T *x = call(...);`, the call the whole value: the assignment, as the statement makes it. */
function keptResult(call: SNode, text: string): Assignment | undefined {
  const p = valueNode(call).parent;
  const own = p?.type === 'assignment_expression' ? operator(p) === '=' && p.parent?.type === 'expression_statement' : p?.type === 'init_declarator' && p.parent?.type === 'declaration';
  return own && assignedTo(call, text) ? assignmentsIn(p!, text).find((a) => a.node === p) : undefined;
}

/** The fact that an iterator has passed an entry of its walk. */
const passedKey = (iter: string) => `passed(${iter})`;

/**
 * A known value that a test's edge cannot have: zero or not, or with a sign test, negative
 * (positive) or not, as written (`level = 2; level >= 0`); a value only known nonzero has either sign.
 */
function contradicted(known: number, sign: 'negative' | 'positive' | undefined, valueIs: 'zero' | 'nonzero'): boolean {
  if (!sign) return (known === 0) !== (valueIs === 'zero');
  const signOf = (v: number) => (sign === 'negative' ? v < 0 : v > 0);
  return known !== NONZERO && signOf(known) === (valueIs === 'zero');
}

export type { LockEvent };
export type { LockRef };

/**
 * A sign test (`ret < 0`, `ret > 0`) decides whether the value is negative (positive), not whether
 * it is zero: keyed apart from the value's own truth, so `ret >= 0` does not make a later `if (ret)` false.
 */
function signTest(decided: ReturnType<typeof conditionValue>, sign: 'negative' | 'positive'): ReturnType<typeof conditionValue> {
  return decided?.kind === 'key' ? { kind: 'key', key: `${decided.key}${sign === 'negative' ? '<' : '>'}0`, deps: decided.deps, negated: decided.negated } : undefined;
}

/** Per knowledge and CFG: a function is walked several times (fixpoints, entry contexts), its blocks read once. */
const lockBlocksCache = new WeakMap<Knowledge, WeakMap<Cfg, Set<number>>>();

/** Blocks with a lock primitive's call or a guard's start in them, and the tests before them (withTestsBefore). */
function lockBlocksOf(cfg: Cfg, file: ParsedFile, knowledge: Knowledge): Set<number> {
  const byCfg = lockBlocksCache.get(knowledge) ?? new WeakMap<Cfg, Set<number>>();
  lockBlocksCache.set(knowledge, byCfg);
  const known = byCfg.get(cfg);
  if (known) return known;
  const out = new Set<number>();
  for (const b of cfg.blocks) {
    const locks = b.items.some((it) => it.kind === 'guard-enter' || (it.kind === 'stmt' && callsInOrder(it.node).some((c) => knowledge.primitives.has(calleeName(file, c) ?? ''))));
    if (locks) out.add(b.id);
  }
  const withTests = withTestsBefore(cfg, out);
  byCfg.set(cfg, withTests);
  return withTests;
}

/** Tests nested this deep before a lock (`if (a) { if (b) lock }`, `a && b`) decide it too, at most. */
const MAX_NESTED_TESTS = 4;

/**
 * The blocks that lock, with the tests that lead to one through other tests alone (a branch
 * with nothing else in it): `if (PageAnon(p) && PageSwapCache(p)) xa_lock()` is decided by both.
 */
function withTestsBefore(cfg: Cfg, locking: Set<number>): Set<number> {
  const out = new Set(locking);
  for (let round = 0; round < MAX_NESTED_TESTS; round++) {
    let added = false;
    for (const b of cfg.blocks) {
      if (out.has(b.id) || b.kind !== 'branch' || !b.cond || b.items.length || !b.succ.some((e) => out.has(e.to))) continue;
      out.add(b.id);
      added = true;
    }
    if (!added) break;
  }
  return out;
}

/**
 * The lock a primitive's argument names: `&l->dep_map` names `l`, for a primitive
 * handed a member of the lock; a macro's member path by the macro's name.
 */
function primitiveInst(prim: LockPrimitive, argText: string, file: ParsedFile, knowledge: Knowledge): string {
  if (prim.arg < 0) return prim.path ?? prim.name;
  const inst = lockAtPath(prim.path ?? '$', argText, file, knowledge);
  if (!prim.member) return inst;
  for (const sep of ['.', '->']) if (inst.endsWith(`${sep}${prim.member}`)) return inst.slice(0, -(sep.length + prim.member.length));
  return inst;
}

/** The lock a path over an argument reaches (`$` of `&dev->lock`: `dev->lock`), as the walk names it. */
function lockAtPath(path: string, argText: string, file: ParsedFile, knowledge: Knowledge): string {
  return shortFieldName(applyPath(path, argText), file, knowledge);
}

/** A path over a call's arguments (`$0->mutex`: the first argument's mutex), for these arguments. */
function argumentPath(path: string, args: readonly string[]): string {
  return applyPath(path.replace(/\$\d+/, '$'), args[Number(/\$(\d+)/.exec(path)?.[1] ?? 0)] ?? '');
}

/** The variable a place is what it points at (`*locked`: `locked`). */
function pointeeOf(place: string): string | undefined {
  return /^\*([A-Za-z_]\w*)$/.exec(place)?.[1];
}

/** `v` of `&v`: a local variable whose address is handed on. */
function addressedVariable(u: SNode, text: string): string | undefined {
  const arg = u.type === 'pointer_expression' && operator(u) === '&' ? field(u, 'argument') : undefined;
  return arg && unparen(arg).type === 'identifier' ? text.slice(unparen(arg).start, unparen(arg).end) : undefined;
}

/** What holding a primitive's (or a guard class's) lock means: kind, sleeping, atomic, shared, nested on purpose, interrupts or bottom halves off. */
export function primitiveMeta(p: Pick<LockPrimitive, 'name' | 'kind' | 'sleeps' | 'atomic' | 'shared' | 'nested' | 'untracked' | 'nonOwner' | 'irqsOff' | 'bhOff'>): LockMeta {
  return { kind: p.kind, sleeps: p.sleeps, atomic: p.atomic, shared: !!p.shared, nested: p.nested ?? /_nested$/.test(p.name), ...(p.untracked ? { untracked: true } : {}), ...(p.nonOwner ? { nonOwner: true } : {}), ...offFlags(p) };
}

/** A try primitive's failing results, for its conditional effect. */
function failsWithOf(p: LockPrimitive): Pick<ConditionalEffect, 'failsWith'> {
  return p.failsWith ? { failsWith: p.failsWith } : {};
}

/** A negative result written out: an error code (`-EAGAIN`) or a negative number. */
const NEGATIVE_CODE = /^\s*-\s*(E[A-Z0-9]+|[1-9]\d*)\s*$/;

/** The callee gives the lock back on every way, with no condition: it does not return holding it. */
function givenUpAlways(effects: readonly SummaryEffect[], ref: LockRef): boolean {
  return effects.some((e) => e.op === 'release' && e.when === 'always' && !e.ifHeld && !e.unless && !e.onlyOn && e.toldThrough === undefined && !e.unlessNegative && !e.unlessBits && !e.ifArg && !e.ifFlag && !e.ifOneOf && refKey(e.ref) === refKey(ref));
}

/**
 * The sign of a try's result found nonzero: a trylock's success is 1; an interruptible lock's
 * failure is its error code, negative (the knowledge's failsWith).
 */
function triedSign(decided: readonly ConditionalEffect[]): boolean | undefined {
  const tries = decided.filter((e) => e.op === 'acquire' && !e.callee);
  if (!tries.length) return undefined;
  if (tries.every((e) => e.when === 'nonzero')) return false;
  return tries.every((e) => e.when === 'zero' && e.failsWith?.length && e.failsWith.every((c) => c.startsWith('-'))) || undefined;
}

/**
 * The effects of a call whose result is returned negated (`return !trylock(...)`): done on the other
 * result. Only those decided by zero or nonzero alone; none when one waits on a code or bits, which
 * the negation folds away.
 */
function negatedEffects(effects: readonly ConditionalEffect[]): ConditionalEffect[] {
  if (effects.some((e) => e.unless || e.unlessNegative || e.unlessBits || e.onUse)) return [];
  return effects.map((e) => ({ ...e, when: e.when === 'zero' ? 'nonzero' : 'zero' }));
}

/** Whether a conditional effect is done where its result is zero or nonzero: one done unless an error code is done on both (nonzero may be any code). */
function doneOn(e: ConditionalEffect, valueIs: 'zero' | 'nonzero', sign?: 'negative' | 'positive'): boolean {
  // Done only on one code: only a test of that code says it is done (resultCodeEdge()).
  if (e.onlyOn) return false;
  // Done unless negative: on zero, or a result found positive (`ret > 0`, or `ret < 0` false: the edge's zero).
  if (e.unlessNegative) return valueIs === 'zero' || sign === 'positive';
  return e.when === valueIs || ((!!e.unless || !!e.unlessBits) && valueIs === 'nonzero');
}

/** What a flag's value says of the variables it was set from, taken on this path; false when the path knew otherwise. */
function implyOn(state: PathState, implied: Implication, valueIs: 'zero' | 'nonzero'): boolean {
  const said = valueIs === 'nonzero' ? implied.whenTrue : implied.whenFalse ? [implied.whenFalse] : [];
  for (const [name, value] of said) {
    const known = state.consts.get(name);
    if (known !== undefined && (known === 0) !== (value === 'zero')) return false;
    if (known === undefined) state.consts.set(name, value === 'zero' ? 0 : NONZERO);
  }
  return true;
}

/** A literal, `true`/`false`, or a constant's name (`SPU_USED`): a state or flag, not a value computed here. */
function isConstantValue(n: SNode, text: string): boolean {
  if (n.type === 'number_literal' || n.type === 'true' || n.type === 'false') return true;
  return n.type === 'identifier' && CONSTANT_NAME.test(text.slice(n.start, n.end));
}
