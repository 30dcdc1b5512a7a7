/**
 * Kernel knowledge compiled for the analysis: the shipped document (kernel.json) and the
 * user's documents after it, joined into lookups every layer reads.
 */
import shipped from './kernel.json';
import { NameClass } from './names';
import { CALL_CLASSES, SIM_CALL_CLASSES, type CallbackHelper, type CallClass, type SimCallClass, type GuardClass, type KnownOrder, type KnowledgeDocument, type LockedReturner, type LockInside, type LockKind, type LockPrimitive, type MemberContext, type OwnedArgument, type OwnedArgumentRegistrar, type ProcessContexts, type RegistrarContext, type SerialisedContext, type ApartMembers } from './types';

/** Kinds whose acquisition may sleep, and kinds whose holding is atomic context. */
// Not srcu: srcu_read_lock() never waits (it is synchronize_srcu() that does); the section it opens may sleep.
export const SLEEPING: readonly LockKind[] = ['mutex', 'rwsem', 'semaphore'];
export const ATOMIC: readonly LockKind[] = ['spinlock', 'rwlock', 'rcu', 'irq', 'preempt'];
/**
 * Kinds whose readers wait for no queued writer when bottom halves are off or in an interrupt
 * (`in_interrupt()`): the queued rwlock lets them in while readers hold it, and lockdep takes such a
 * read as recursive (read_lock_is_recursive()). Not rw_semaphore: its readers queue behind a writer.
 */
export const RECURSIVE_READ_IN_INTERRUPT: readonly LockKind[] = ['rwlock'];

/** The context `local_irq_save()`/`local_irq_disable()` enter: interrupts off on this CPU. */
export const IRQS_OFF = 'irqs-off';
/** The context `local_bh_disable()` enters, and softirq callbacks run in: bottom halves off on this CPU. */
export const BH_OFF = 'bh-off';

export interface Knowledge {
  primitives: ReadonlyMap<string, LockPrimitive>;
  guards: ReadonlyMap<string, GuardClass>;
  /** The instances of execution contexts (no lock object): what `rcu_read_lock()`, `local_irq_disable()` enter. */
  contextLocks: ReadonlySet<string>;
  /** Each context's own entering primitive (`bh-off`: `local_bh_disable`), for primitives that enter it with their lock. */
  contextEntries: ReadonlyMap<string, LockPrimitive>;
  /** struct -> field -> the field's struct type. */
  structFields: ReadonlyMap<string, ReadonlyMap<string, string>>;
  fieldMacros: ReadonlyMap<string, string>;
  accessMacros: ReadonlyMap<string, string>;
  /** The argument index of an iterator macro's entry variable (`idr_for_each_entry(idr, entry, id)`: 1); 0 for most. */
  iteratorEntry: (macro: string) => number;
  /** Names every function may use as a fixed root (`current`), with their pointee type. */
  globals: ReadonlyMap<string, string>;
  callbackHelpers: readonly CallbackHelper[];
  /** Calls that sleep with a lock of their arguments given up, by name: the lock's path (`$0->xa_lock`). */
  sleepsUnlocked: ReadonlyMap<string, string>;
  /** Functions not in view that return their object locked, by name. */
  lockedReturners: ReadonlyMap<string, LockedReturner>;
  locksInside: ReadonlyMap<string, LockInside>;
  /** Functions not in view that give back their argument's lock when they return zero (`block_read_full_folio()`). */
  unlocksOnSuccess: ReadonlyMap<string, LockInside>;
  knownOrders: readonly KnownOrder[];
  novalidateClasses: ReadonlySet<string>;
  /** Fields (`struct.field`) pointing into memory allocated with their object. */
  sameAllocationFields: ReadonlySet<string>;
  attributeMacros: ReadonlyMap<string, ReadonlyArray<'show' | 'store'>>;
  exportMacros: NameClass;
  /** Operations structs' members the kernel calls with locks held (entryPoints.memberContexts). */
  memberContexts: readonly MemberContext[];
  /** Callback registrars whose callbacks run in contexts of their own, by name (entryPoints.registrarContexts). */
  registrarContexts: ReadonlyMap<string, RegistrarContext>;
  /** Where the kernel calls a function in process context with interrupts on (entryPoints.processContexts). */
  processRegistrars: ReadonlyMap<string, NonNullable<ProcessContexts['registrars']>[number]>;
  processMembers: NonNullable<ProcessContexts['members']>;
  /** Members the kernel calls with an argument no other thread reaches (entryPoints.ownedArguments). */
  ownedArguments: readonly OwnedArgument[];
  /** Registrars whose callback the kernel calls with an argument no other thread reaches (entryPoints.ownedArgumentRegistrars). */
  ownedArgumentRegistrars: ReadonlyMap<string, OwnedArgumentRegistrar>;
  /** Calls that start a context of its own on an argument's object, or stop it and wait for it, by name: the argument (contextLifetimes). */
  contextStarts: ReadonlyMap<string, number>;
  contextStops: ReadonlyMap<string, number>;
  /** Calls that make a deferred context set up on an argument's object run, by name: the argument (contextLifetimes.schedules). */
  contextSchedules: ReadonlyMap<string, number>;
  /** Calls that set up a context never run concurrently with itself for its object, by name (contextLifetimes.serialised). */
  serialisedContexts: ReadonlyMap<string, SerialisedContext>;
  /** Operations members never run while other members' contexts run on the object (contextLifetimes.apartMembers). */
  apartMembers: readonly ApartMembers[];
  configOff: ReadonlySet<string>;
  /** The values of constants the kernel's headers define that results are written as (`AOP_WRITEPAGE_ACTIVATE`). */
  constants: ReadonlyMap<string, number>;
  /** Result codes that say the function returns with a lock of these classes held (VM_FAULT_LOCKED: the page), by code. */
  lockKeepingCodes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Calls that answer a lock-keeping code when their argument is zero, by name: the code. */
  lockKeepingTranslators: ReadonlyMap<string, string>;
  /** The lock a call's result carrying the code says is held, by code: a path over the call's arguments, its class and primitive. */
  lockKeepingObjects: ReadonlyMap<string, { path: string; cls: string; as: string }>;
  calls: Readonly<Record<CallClass, NameClass>>;
  /** The simulator's classes of calls it has no model of. */
  simulator: Readonly<Record<SimCallClass, NameClass>>;
  /** Logging and the lock-neutral class together: calls the evidence need not mark as unseen. */
  lockNeutral: NameClass;
  /** A GFP flag that lets an allocation sleep, as a pattern over a call's text. */
  sleepingGfp: RegExp;
  /** Sparse's names of contexts in lock annotations (`__acquires(RCU)`), by the context primitive's path they mean (`rcu`). */
  annotationContexts: ReadonlyMap<string, string>;
}

/** A primitive with the defaults the document leaves out. */
export function primitiveOf(p: NonNullable<KnowledgeDocument['primitives']>[number]): LockPrimitive {
  const arg = p.arg ?? 0;
  return {
    ...p,
    arg,
    path: p.path ?? (arg < 0 ? p.name : '$'),
    sleeps: p.sleeps ?? (p.op !== 'release' && SLEEPING.includes(p.kind)),
    atomic: p.atomic ?? ATOMIC.includes(p.kind),
  };
}

export function guardOf(g: NonNullable<KnowledgeDocument['guards']>[number]): GuardClass {
  return {
    ...g,
    path: g.path ?? '$',
    conditional: g.conditional ?? false,
    sleeps: g.sleeps ?? SLEEPING.includes(g.kind),
    atomic: g.atomic ?? ATOMIC.includes(g.kind),
  };
}

/** The documents joined in order: lists add up, maps merge, a later primitive or guard of a name replaces an earlier one. */
export function compileKnowledge(docs: readonly KnowledgeDocument[]): Knowledge {
  const list = <T>(pick: (d: KnowledgeDocument) => readonly T[] | undefined): T[] => docs.flatMap((d) => pick(d) ?? []);
  const entries = <T>(pick: (d: KnowledgeDocument) => Record<string, T> | undefined): Array<[string, T]> => docs.flatMap((d) => Object.entries(pick(d) ?? {}));
  const primitives = new Map(list((d) => d.primitives).map((p) => [p.name, primitiveOf(p)] as const));
  const structFields = new Map<string, Map<string, string>>();
  for (const [struct, fields] of entries((d) => d.structFields)) {
    const known = structFields.get(struct) ?? new Map<string, string>();
    for (const [f, type] of Object.entries(fields)) known.set(f, type);
    structFields.set(struct, known);
  }
  const calls = Object.fromEntries(CALL_CLASSES.map((c) => [c, new NameClass(list((d) => d.calls?.[c]))])) as Record<CallClass, NameClass>;
  const gfp = list((d) => d.sleepingGfpFlags);
  const contexts = [...primitives.values()].filter((p) => p.arg === -1 && (p.kind === 'rcu' || p.kind === 'irq' || p.kind === 'preempt'));
  return {
    primitives,
    guards: new Map(list((d) => d.guards).map((g) => [g.name, guardOf(g)] as const)),
    contextLocks: new Set(contexts.map((p) => p.path)),
    contextEntries: new Map(contexts.filter((p) => p.op === 'acquire').map((p) => [p.path, p] as const)),
    structFields,
    fieldMacros: new Map(entries((d) => d.fieldMacros)),
    accessMacros: new Map(entries((d) => d.accessMacros)),
    iteratorEntry: iteratorEntryOf(list((d) => d.iteratorEntries)),
    globals: new Map(entries((d) => d.globals)),
    callbackHelpers: list((d) => d.callbackHelpers),
    sleepsUnlocked: new Map(list((d) => d.sleepsUnlocked).map((u) => [u.name, u.path] as const)),
    lockedReturners: new Map(list((d) => d.lockedReturners).map((r) => [r.name, r] as const)),
    locksInside: new Map(list((d) => d.locksInside).map((l) => [l.name, l] as const)),
    unlocksOnSuccess: new Map(list((d) => d.unlocksOnSuccess).map((l) => [l.name, l] as const)),
    knownOrders: list((d) => d.knownOrders),
    novalidateClasses: new Set(list((d) => d.novalidateClasses)),
    sameAllocationFields: new Set(list((d) => d.sameAllocationFields)),
    attributeMacros: new Map(entries((d) => d.entryPoints?.attributeMacros)),
    exportMacros: new NameClass(list((d) => d.entryPoints?.exportMacros)),
    memberContexts: list((d) => d.entryPoints?.memberContexts),
    registrarContexts: new Map(list((d) => d.entryPoints?.registrarContexts).map((r) => [r.name, r] as const)),
    processRegistrars: new Map(list((d) => d.entryPoints?.processContexts?.registrars).map((r) => [r.name, r] as const)),
    processMembers: list((d) => d.entryPoints?.processContexts?.members),
    ownedArguments: list((d) => d.entryPoints?.ownedArguments),
    ownedArgumentRegistrars: new Map(list((d) => d.entryPoints?.ownedArgumentRegistrars).map((r) => [r.name, r] as const)),
    contextStarts: new Map(list((d) => d.contextLifetimes?.starts).map((c) => [c.name, c.arg] as const)),
    contextStops: new Map(list((d) => d.contextLifetimes?.stops).map((c) => [c.name, c.arg] as const)),
    serialisedContexts: new Map(list((d) => d.contextLifetimes?.serialised).map((c) => [c.name, c] as const)),
    apartMembers: list((d) => d.contextLifetimes?.apartMembers),
    contextSchedules: new Map(list((d) => d.contextLifetimes?.schedules).map((c) => [c.name, c.arg] as const)),
    configOff: new Set(list((d) => d.configOff)),
    constants: new Map(entries((d) => d.constants)),
    lockKeepingCodes: new Map(list((d) => d.lockKeepingCodes).map((c) => [c.code, new Set(c.classes)] as const)),
    lockKeepingTranslators: new Map(list((d) => d.lockKeepingCodes).flatMap((c) => (c.translators ?? []).map((t) => [t, c.code] as const))),
    lockKeepingObjects: new Map(list((d) => d.lockKeepingCodes).flatMap((c) => (c.object ? [[c.code, { ...c.object, cls: c.classes[0] }] as const] : []))),
    calls,
    simulator: Object.fromEntries(SIM_CALL_CLASSES.map((c) => [c, new NameClass(list((d) => d.simulator?.[c]))])) as Record<SimCallClass, NameClass>,
    lockNeutral: calls.logging.with(calls.lockNeutral),
    sleepingGfp: gfp.length ? new RegExp(String.raw`\b(?:${gfp.join('|')})\b`) : /(?!)/,
    annotationContexts: new Map(entries((d) => d.annotationContexts)),
  };
}

export const SHIPPED_KNOWLEDGE: KnowledgeDocument = shipped as KnowledgeDocument;

/** What Lockflow knows of the kernel with no user file. */
export const KERNEL_KNOWLEDGE: Knowledge = compileKnowledge([SHIPPED_KNOWLEDGE]);

/** The shipped knowledge extended by the user's documents (the same object when there are none). */
export function knowledgeWith(extensions: readonly KnowledgeDocument[] | undefined): Knowledge {
  return extensions?.length ? compileKnowledge([SHIPPED_KNOWLEDGE, ...extensions]) : KERNEL_KNOWLEDGE;
}

/**
 * Whether the knowledge names this function (a primitive, a guard, a callback
 * helper, a class of calls by its exact name): its word stands over a body read
 * from elsewhere (a header's inline, another file's summary). A name a class's
 * pattern only matches (`*_find_*`) is a guess the code read outranks.
 */
export function namedByKnowledge(knowledge: Knowledge, name: string): boolean {
  return classedByKnowledge(knowledge, name, false) || knowledge.callbackHelpers.some((h) => h.name === name) || knowledge.locksInside.has(name) || knowledge.unlocksOnSuccess.has(name);
}

/** A primitive, a guard, or in a class of calls: by its exact name, or (`byPattern`) also by a class's pattern. */
export function classedByKnowledge(knowledge: Knowledge, name: string, byPattern: boolean): boolean {
  return knowledge.primitives.has(name) || knowledge.guards.has(name) || CALL_CLASSES.some((c) => (byPattern ? knowledge.calls[c].has(name) : knowledge.calls[c].hasExactly(name)));
}

/** A global of the file, or one the kernel gives every function (`current`). */
export function isGlobalName(knowledge: Knowledge, globals: ReadonlyMap<string, string> | ReadonlySet<string>, name: string): boolean {
  return globals.has(name) || knowledge.globals.has(name);
}

function iteratorEntryOf(entries: ReadonlyArray<{ entry: number; names: string[] }>): (macro: string) => number {
  const classes = entries.map((e) => ({ entry: e.entry, names: new NameClass(e.names) }));
  return (macro) => classes.find((c) => c.names.has(macro))?.entry ?? 0;
}
