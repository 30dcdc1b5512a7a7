/**
 * The shapes of kernel knowledge: the document (kernel.json and a user's file, per
 * knowledge.schema.json) and the lock primitives and guard classes it describes.
 */

export type LockKind = 'mutex' | 'spinlock' | 'rwlock' | 'rwsem' | 'semaphore' | 'rcu' | 'srcu' | 'irq' | 'preempt';

/**
 * `acquire` and `release` always happen; `try` acquires only when the call
 * returns the value in `heldWhen` (`nonzero`: trylocks; `zero`:
 * interruptible locks and down_trylock).
 */
export type LockOp = 'acquire' | 'release' | 'try';

export interface LockPrimitive {
  name: string;
  op: LockOp;
  kind: LockKind;
  /** Index of the argument naming the lock; -1 for a lock with no argument (rcu, irq). */
  arg: number;
  /**
   * How the lock is reached from the argument: `$` is the argument itself
   * (a pointer to the lock), `$->mutex` a field of it (`device_lock(dev)`).
   * For arg -1, a fixed name (`rcu`).
   */
  path: string;
  heldWhen?: 'zero' | 'nonzero';
  /**
   * For a try held on zero: every other value it returns (`-EINTR`). A test of the result
   * against the only one decides the lock both ways (`== -EINTR`: not taken; `!=`: taken).
   */
  failsWith?: string[];
  /**
   * For a try that waits: taken again by the context passed in argument `arg` (when not NULL), it
   * returns `returns` at once instead of waiting (`ww_mutex_lock(lock, ctx)`: -EALREADY).
   * A try that does not sleep (a trylock) never waits on a lock held, whatever it is asked.
   */
  recursion?: { arg: number; returns: string };
  /**
   * For a try: the index of a function argument it calls with the lock held when it takes it
   * (`kref_put_mutex(&p->kref, release, &lock)` runs `release` under `lock`). A callback that
   * gives that lock back leaves the caller holding nothing on either answer.
   */
  callback?: number;
  /** Acquiring it may sleep. */
  sleeps: boolean;
  /** Holding it is atomic context: sleeping inside is a bug. */
  atomic: boolean;
  /** Read side of a reader/writer lock. */
  shared?: boolean;
  /** Takes a lock of a class already held on purpose (a subclass or a nest lock): not a same-class nesting. */
  nested?: boolean;
  /**
   * Lockdep keeps no class for it (a bit lock: `bit_spin_lock()`, the page lock): nesting two of
   * one kind draws no lockdep report, only a real cycle of orders deadlocks.
   */
  untracked?: boolean;
  /** Meant to be given back by another task (`down_read_non_owner()`, released by an I/O completion): kept at a return, it is handed on. */
  nonOwner?: boolean;
  /** The argument points at this member of the lock (`&l->dep_map`), not at the lock. */
  member?: string;
  /**
   * Lockdep's bookkeeping only (`spin_release`, `spin_acquire`): the lock stays as it is,
   * but which context owns it changes. An acquire waits for nobody, so it orders nothing.
   */
  annotation?: boolean;
  /**
   * Also turns interrupts back on (`spin_unlock_irqrestore(&l, flags)`, `spin_unlock_irq(&l)`):
   * it gives back `irqs-off` if that is held, whoever disabled them (`local_irq_save(flags)`
   * in a helper, restored with the lock it took after).
   */
  restoresIrqs?: boolean;
  /** Takes its lock with interrupts off on this CPU (`spin_lock_irqsave()`): no interrupt arrives while it is held. */
  irqsOff?: boolean;
  /** Takes its lock with bottom halves off (`spin_lock_bh()`): no softirq runs on this CPU while it is held. */
  bhOff?: boolean;
  /**
   * A context (`bh-off`) the primitive also enters with its lock (an acquire) or leaves
   * (a release), counted as the context's own primitives count it: `spin_lock_bh()` is
   * `local_bh_disable()` and `spin_lock()`, so `spin_unlock()` then `local_bh_enable()` pairs with it.
   */
  context?: string;
}

/** Cleanup guard classes (`guard(mutex)(&m)`, `scoped_guard(spinlock_irqsave, &l)`). */
export interface GuardClass {
  name: string;
  kind: LockKind;
  path: string;
  /** Conditional guards (`mutex_try`, `mutex_intr`) take the lock only when they succeed. */
  conditional: boolean;
  sleeps: boolean;
  atomic: boolean;
  shared?: boolean;
  /** Holds its lock with interrupts off (`spinlock_irqsave`). */
  irqsOff?: boolean;
  /** Holds its lock with bottom halves off (`spinlock_bh`). */
  bhOff?: boolean;
}

/** A helper outside the file that calls a function argument with a lock held. */
export interface CallbackHelper {
  name: string;
  /** Index of the callback argument. */
  fnArg: number;
  /** Locks held while the callback runs, as primitive paths over the helper's arguments (`$0->mutex`). */
  holds: Array<{ path: string; cls: string }>;
  /** Calls it only when the helper returns this (`kref_put()`: nonzero, the last reference put). */
  when?: 'nonzero';
  /** The helper's argument the callback is called with (`kref_put()`: 0, the member inside the caller's object). */
  passes?: number;
}

/** A function not in view that returns its object locked as a primitive locks it (`find_or_create_page()`: `lock_page()`), or NULL. */
export interface LockedReturner {
  name: string;
  /** The primitive whose lock the object comes with. */
  as: string;
  /** The lock's class. */
  cls: string;
  /** Locked only when this argument names this flag (`__filemap_get_folio(..., FGP_LOCK | FGP_CREAT, gfp)`). */
  whenFlag?: ArgumentFlag;
}

/** A flag named in an argument of a call: `{ arg: 2, flag: 'FGP_LOCK' }`. */
export interface ArgumentFlag {
  arg: number;
  flag: string;
  /** The flag must be clear instead (`if (!(flags & QMFLAGS_NO_MUTEX_LOCK)) mutex_lock(...)`): a call naming it skips what it guards. */
  clear?: boolean;
}

/** A function called with a lock held that gives it up while it sleeps and takes it back (`__xa_alloc()`). */
export interface SleepUnlocked {
  name: string;
  /** The lock, as a path over the function's arguments (`$0->xa_lock`). */
  path: string;
}

/**
 * A function not in view that takes a lock of its argument and gives it back before it returns
 * (`lockref_get()` takes `$0->lock`): called with that lock held it deadlocks, and it orders the
 * lock after those held.
 */
export interface LockInside {
  name: string;
  /** The primitive it takes the lock with (what holding it means). */
  as: string;
  /** The lock, as a path over the function's arguments (`$0->lock`). */
  path: string;
  /** The lock's class when the caller's names do not tell it. */
  cls: string;
}

/** A lock order the kernel takes elsewhere, so a patch that takes it the other way round is an inversion. */
export interface KnownOrder {
  from: string;
  to: string;
  where: string;
}

/** The classes of calls the document names (`calls` in knowledge.schema.json). */
export const CALL_CLASSES = [
  'sleeping', 'noreturn', 'logging', 'lockNeutral', 'noEffect', 'transparent', 'pure',
  'referenceGetters', 'referencePutters', 'lookups', 'memberToContainer', 'linkers', 'unlinkers',
  'pointerReaders', 'pointerPublishers', 'detachingGetters', 'locklessAccessors', 'readBarriers', 'writeBarriers', 'stateWriters',
  'allocators', 'deallocators', 'poolDeallocators', 'lockInitializers', 'lockClassSetters', 'countingInitializers', 'errorPointerTests', 'errorPointerValues', 'errorPointerMakers',
  'errorToStatus', 'nullEndedIterators', 'headEndedIterators', 'resumingIterators', 'precedingIterators', 'formatters', 'sizeOnly', 'nonPublishing', 'sameAllocation', 'lockSharers', 'outParamAllocators', 'driverDataSetters', 'conditionWaiters', 'currentTask', 'fatalAssertions', 'warnAssertions', 'handlerDisablers',
  'dormantPublishers', 'armingCalls', 'irqStateSavers', 'bitReaders', 'heldAssertions',
] as const;
export type CallClass = (typeof CALL_CLASSES)[number];

/** How the simulator treats a call neither in the code nor in its model (`simulator` in knowledge.schema.json). */
export const SIM_CALL_CLASSES = ['configPredicates', 'referenceGetters', 'referencePutters', 'noOps', 'predicates', 'conversions', 'pointerGetters'] as const;
export type SimCallClass = (typeof SIM_CALL_CLASSES)[number];

/** A knowledge document as written: every field optional, primitives with their defaults left out. */
export interface KnowledgeDocument {
  primitives?: Array<Partial<LockPrimitive> & Pick<LockPrimitive, 'name' | 'op' | 'kind'>>;
  guards?: Array<Partial<GuardClass> & Pick<GuardClass, 'name' | 'kind'>>;
  structFields?: Record<string, Record<string, string>>;
  fieldMacros?: Record<string, string>;
  accessMacros?: Record<string, string>;
  iteratorEntries?: Array<{ entry: number; names: string[] }>;
  globals?: Record<string, string>;
  callbackHelpers?: CallbackHelper[];
  sleepsUnlocked?: SleepUnlocked[];
  lockedReturners?: LockedReturner[];
  locksInside?: LockInside[];
  unlocksOnSuccess?: LockInside[];
  knownOrders?: KnownOrder[];
  novalidateClasses?: string[];
  sameAllocationFields?: string[];
  entryPoints?: { attributeMacros?: Record<string, Array<'show' | 'store'>>; exportMacros?: string[]; memberContexts?: MemberContext[]; registrarContexts?: RegistrarContext[]; processContexts?: ProcessContexts; ownedArguments?: OwnedArgument[]; ownedArgumentRegistrars?: OwnedArgumentRegistrar[] };
  contextLifetimes?: { starts?: ObjectCall[]; stops?: ObjectCall[]; schedules?: ObjectCall[]; serialised?: SerialisedContext[]; apartMembers?: ApartMembers[] };
  configOff?: string[];
  constants?: Record<string, number>;
  lockKeepingCodes?: LockKeepingCode[];
  calls?: Partial<Record<CallClass, string[]>>;
  sleepingGfpFlags?: string[];
  annotationContexts?: Record<string, string>;
  simulator?: Partial<Record<SimCallClass, string[]>>;
}

/** A result code (a flag of one) that says the function returns with a lock of these classes still held: the caller gives it back. */
export interface LockKeepingCode {
  code: string;
  classes: string[];
  /** Calls that answer the code when their argument is zero (`block_page_mkwrite_return(err)`). */
  translators?: string[];
  /** The lock a call's result carrying the code says is held, over the call's arguments (`*$0->page`), taken as `as` takes it. */
  object?: { path: string; as: string };
  why: string;
}

/** A call and the argument that leads to the object it acts on (`free_irq(irq, dev_id)`: 1). */
/** Operations members the kernel never runs while the contexts of other members of the same struct run (contextLifetimes.apartMembers). */
export interface ApartMembers {
  struct: string;
  members: string[];
  apartFrom: string[];
  why: string;
}

/** A call that sets up a context the kernel never runs concurrently with itself for its object (contextLifetimes.serialised). */
export interface SerialisedContext {
  name: string;
  arg: number;
  fnArg: number;
  why: string;
}

export interface ObjectCall {
  name: string;
  arg: number;
  why?: string;
}

/** Locks the kernel holds when it calls a function through members of an operations struct. */
export interface MemberContext {
  struct: string;
  /** Member names, or "*" for all. */
  members: string[];
  /** Global locks by name, or paths from a parameter by position (`$0->addr_list_lock`). */
  held: string[];
  why?: string;
}

/**
 * An operations struct's member the kernel calls with an argument no other thread can reach:
 * one not published yet (`net_proto_family.create`'s socket, until the function hands it on),
 * or one whose last user is gone (`proto_ops.release`'s socket, all along).
 */
export interface OwnedArgument {
  struct: string;
  members: string[];
  arg: number;
  until: 'published' | 'end';
  why?: string;
}

/** A registrar whose callback the kernel calls with an argument no other thread reaches (`kmem_cache_create()`'s constructor, on each new object). */
export interface OwnedArgumentRegistrar {
  name: string;
  fnArg: number;
  arg: number;
  until: 'published' | 'end';
  why?: string;
}

/** Where the kernel calls a function in process context with interrupts on: as a registrar's callback, or through an operations struct's members. */
export interface ProcessContexts {
  registrars?: Array<{ name: string; fnArg: number; why?: string }>;
  members?: Array<{ struct: string; members: string[]; why?: string }>;
}

/** A function that registers a callback the kernel runs later in contexts of its own (`timer_setup()`: softirq). */
export interface RegistrarContext {
  name: string;
  fnArg: number;
  /** Context locks by their primitives' names (`irqs-off`, `bh-off`). */
  held: string[];
  /** Not held when this argument names the flag (`RTNL_FLAG_DOIT_UNLOCKED` in rtnl_register()'s flags). */
  unlessFlag?: { arg: number; flag: string };
  why?: string;
}
