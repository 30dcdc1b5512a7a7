/**
 * Lock primitives as data. Each entry says what a call does to which lock,
 * whether that lock sleeps, and whether holding it is atomic context. Users
 * add their own through a lock config (CLI --lock-config, editor setting).
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
  path?: string;
  heldWhen?: 'zero' | 'nonzero';
  /** Acquiring it may sleep. */
  sleeps: boolean;
  /** Holding it is atomic context: sleeping inside is a bug. */
  atomic: boolean;
  /** Read side of a reader/writer lock. */
  shared?: boolean;
  /** Takes a lock of a class already held on purpose (a subclass or a nest lock): not a same-class nesting. */
  nested?: boolean;
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
}

type Row = [name: string, op: LockOp, kind: LockKind, extra?: Partial<LockPrimitive>];

/** Kinds whose acquisition may sleep, and kinds whose holding is atomic context. */
// Not srcu: srcu_read_lock() never waits (it is synchronize_srcu() that does); the section it opens may sleep.
export const SLEEPING: LockKind[] = ['mutex', 'rwsem', 'semaphore'];
export const ATOMIC: LockKind[] = ['spinlock', 'rwlock', 'rcu', 'irq', 'preempt'];
export const LOCK_KINDS: LockKind[] = ['mutex', 'spinlock', 'rwlock', 'rwsem', 'semaphore', 'rcu', 'srcu', 'irq', 'preempt'];

/** The context `local_irq_save()`/`local_irq_disable()` enter: interrupts off on this CPU. */
export const IRQS_OFF = 'irqs-off';

/** An unlock that turns interrupts back on (its name ends in _irq or _irqrestore). */
const restores = (name: string): Partial<LockPrimitive> => (/_irq(restore)?$/.test(name) ? { restoresIrqs: true } : {});

const ROWS: Row[] = [
  // mutex
  ['mutex_lock', 'acquire', 'mutex'],
  ['mutex_lock_nested', 'acquire', 'mutex'],
  ['mutex_lock_io', 'acquire', 'mutex'],
  ['mutex_lock_io_nested', 'acquire', 'mutex'],
  ['mutex_lock_interruptible', 'try', 'mutex', { heldWhen: 'zero' }],
  ['mutex_lock_interruptible_nested', 'try', 'mutex', { heldWhen: 'zero' }],
  ['mutex_lock_killable', 'try', 'mutex', { heldWhen: 'zero' }],
  ['mutex_lock_killable_nested', 'try', 'mutex', { heldWhen: 'zero' }],
  ['mutex_trylock', 'try', 'mutex', { heldWhen: 'nonzero', sleeps: false }],
  ['mutex_unlock', 'release', 'mutex'],
  // device lock: the device's mutex
  ['device_lock', 'acquire', 'mutex', { path: '$->mutex' }],
  ['device_lock_interruptible', 'try', 'mutex', { path: '$->mutex', heldWhen: 'zero' }],
  ['device_trylock', 'try', 'mutex', { path: '$->mutex', heldWhen: 'nonzero', sleeps: false }],
  ['device_unlock', 'release', 'mutex', { path: '$->mutex' }],
  // spinlocks
  ...(['spin_lock', 'spin_lock_bh', 'spin_lock_irq', 'spin_lock_irqsave', 'spin_lock_nested', 'spin_lock_irqsave_nested', 'raw_spin_lock', 'raw_spin_lock_bh', 'raw_spin_lock_irq', 'raw_spin_lock_irqsave', 'raw_spin_lock_nested'].map((n): Row => [n, 'acquire', 'spinlock'])),
  ...(['spin_trylock', 'spin_trylock_bh', 'spin_trylock_irq', 'spin_trylock_irqsave', 'raw_spin_trylock', 'raw_spin_trylock_irq', 'raw_spin_trylock_irqsave'].map((n): Row => [n, 'try', 'spinlock', { heldWhen: 'nonzero' }])),
  ...(['spin_unlock', 'spin_unlock_bh', 'spin_unlock_irq', 'spin_unlock_irqrestore', 'raw_spin_unlock', 'raw_spin_unlock_bh', 'raw_spin_unlock_irq', 'raw_spin_unlock_irqrestore'].map((n): Row => [n, 'release', 'spinlock', restores(n)])),
  // rwlocks
  ...(['read_lock', 'read_lock_bh', 'read_lock_irq', 'read_lock_irqsave'].map((n): Row => [n, 'acquire', 'rwlock', { shared: true }])),
  ...(['read_unlock', 'read_unlock_bh', 'read_unlock_irq', 'read_unlock_irqrestore'].map((n): Row => [n, 'release', 'rwlock', { shared: true, ...restores(n) }])),
  ...(['write_lock', 'write_lock_bh', 'write_lock_irq', 'write_lock_irqsave'].map((n): Row => [n, 'acquire', 'rwlock'])),
  ...(['write_unlock', 'write_unlock_bh', 'write_unlock_irq', 'write_unlock_irqrestore'].map((n): Row => [n, 'release', 'rwlock', restores(n)])),
  ['read_trylock', 'try', 'rwlock', { heldWhen: 'nonzero', shared: true }],
  ['write_trylock', 'try', 'rwlock', { heldWhen: 'nonzero' }],
  // rw_semaphores
  ['down_read', 'acquire', 'rwsem', { shared: true }],
  ['down_read_nested', 'acquire', 'rwsem', { shared: true }],
  ['down_read_killable', 'try', 'rwsem', { heldWhen: 'zero', shared: true }],
  ['down_read_interruptible', 'try', 'rwsem', { heldWhen: 'zero', shared: true }],
  ['down_read_trylock', 'try', 'rwsem', { heldWhen: 'nonzero', shared: true, sleeps: false }],
  ['up_read', 'release', 'rwsem', { shared: true }],
  ['down_write', 'acquire', 'rwsem'],
  ['down_write_nested', 'acquire', 'rwsem'],
  ['down_write_killable', 'try', 'rwsem', { heldWhen: 'zero' }],
  ['down_write_trylock', 'try', 'rwsem', { heldWhen: 'nonzero', sleeps: false }],
  ['up_write', 'release', 'rwsem'],
  // inode locks (include/linux/fs.h): the inode's i_rwsem
  ['inode_lock', 'acquire', 'rwsem', { path: '$->i_rwsem' }],
  ['inode_lock_nested', 'acquire', 'rwsem', { path: '$->i_rwsem' }],
  ['inode_lock_killable', 'try', 'rwsem', { path: '$->i_rwsem', heldWhen: 'zero' }],
  ['inode_trylock', 'try', 'rwsem', { path: '$->i_rwsem', heldWhen: 'nonzero', sleeps: false }],
  ['inode_unlock', 'release', 'rwsem', { path: '$->i_rwsem' }],
  ['inode_lock_shared', 'acquire', 'rwsem', { path: '$->i_rwsem', shared: true }],
  ['inode_lock_shared_nested', 'acquire', 'rwsem', { path: '$->i_rwsem', shared: true }],
  ['inode_trylock_shared', 'try', 'rwsem', { path: '$->i_rwsem', heldWhen: 'nonzero', shared: true, sleeps: false }],
  ['inode_unlock_shared', 'release', 'rwsem', { path: '$->i_rwsem', shared: true }],
  ['filemap_invalidate_lock', 'acquire', 'rwsem', { path: '$->invalidate_lock' }],
  ['filemap_invalidate_unlock', 'release', 'rwsem', { path: '$->invalidate_lock' }],
  ['filemap_invalidate_lock_shared', 'acquire', 'rwsem', { path: '$->invalidate_lock', shared: true }],
  ['filemap_invalidate_unlock_shared', 'release', 'rwsem', { path: '$->invalidate_lock', shared: true }],
  // global locks behind helpers (kernel/cpu.c, drivers/base, net/core/rtnetlink.c, printk)
  ['cpus_read_lock', 'acquire', 'rwsem', { arg: -1, path: 'cpu_hotplug_lock', shared: true }],
  ['cpus_read_trylock', 'try', 'rwsem', { arg: -1, path: 'cpu_hotplug_lock', shared: true, heldWhen: 'nonzero', sleeps: false }],
  ['cpus_read_unlock', 'release', 'rwsem', { arg: -1, path: 'cpu_hotplug_lock', shared: true }],
  ['cpus_write_lock', 'acquire', 'rwsem', { arg: -1, path: 'cpu_hotplug_lock' }],
  ['cpus_write_unlock', 'release', 'rwsem', { arg: -1, path: 'cpu_hotplug_lock' }],
  ['lock_device_hotplug', 'acquire', 'mutex', { arg: -1, path: 'device_hotplug_lock' }],
  ['lock_device_hotplug_sysfs', 'try', 'mutex', { arg: -1, path: 'device_hotplug_lock', heldWhen: 'zero' }],
  ['unlock_device_hotplug', 'release', 'mutex', { arg: -1, path: 'device_hotplug_lock' }],
  ['rtnl_lock', 'acquire', 'mutex', { arg: -1, path: 'rtnl_mutex' }],
  ['rtnl_lock_killable', 'try', 'mutex', { arg: -1, path: 'rtnl_mutex', heldWhen: 'zero' }],
  ['rtnl_trylock', 'try', 'mutex', { arg: -1, path: 'rtnl_mutex', heldWhen: 'nonzero', sleeps: false }],
  ['rtnl_unlock', 'release', 'mutex', { arg: -1, path: 'rtnl_mutex' }],
  ['__rtnl_unlock', 'release', 'mutex', { arg: -1, path: 'rtnl_mutex' }],
  ['cgroup_lock', 'acquire', 'mutex', { arg: -1, path: 'cgroup_mutex' }],
  ['cgroup_unlock', 'release', 'mutex', { arg: -1, path: 'cgroup_mutex' }],
  ['console_lock', 'acquire', 'semaphore', { arg: -1, path: 'console_sem' }],
  ['console_trylock', 'try', 'semaphore', { arg: -1, path: 'console_sem', heldWhen: 'nonzero', sleeps: false }],
  ['console_unlock', 'release', 'semaphore', { arg: -1, path: 'console_sem' }],
  // locks of an object behind helpers (include/linux/*.h)
  ['mmap_read_lock', 'acquire', 'rwsem', { path: '$->mmap_lock', shared: true }],
  ['mmap_read_lock_killable', 'try', 'rwsem', { path: '$->mmap_lock', shared: true, heldWhen: 'zero' }],
  ['mmap_read_trylock', 'try', 'rwsem', { path: '$->mmap_lock', shared: true, heldWhen: 'nonzero', sleeps: false }],
  ['mmap_read_unlock', 'release', 'rwsem', { path: '$->mmap_lock', shared: true }],
  ['mmap_write_lock', 'acquire', 'rwsem', { path: '$->mmap_lock' }],
  ['mmap_write_lock_killable', 'try', 'rwsem', { path: '$->mmap_lock', heldWhen: 'zero' }],
  ['mmap_write_trylock', 'try', 'rwsem', { path: '$->mmap_lock', heldWhen: 'nonzero', sleeps: false }],
  ['mmap_write_unlock', 'release', 'rwsem', { path: '$->mmap_lock' }],
  ['lock_sock', 'acquire', 'mutex', { path: '$->sk_lock' }],
  ['lock_sock_nested', 'acquire', 'mutex', { path: '$->sk_lock' }],
  ['release_sock', 'release', 'mutex', { path: '$->sk_lock' }],
  ['bh_lock_sock', 'acquire', 'spinlock', { path: '$->sk_lock.slock' }],
  ['bh_lock_sock_nested', 'acquire', 'spinlock', { path: '$->sk_lock.slock' }],
  ['bh_unlock_sock', 'release', 'spinlock', { path: '$->sk_lock.slock' }],
  ['task_lock', 'acquire', 'spinlock', { path: '$->alloc_lock' }],
  ['task_unlock', 'release', 'spinlock', { path: '$->alloc_lock' }],
  ...(['xa_lock', 'xa_lock_bh', 'xa_lock_irq', 'xa_lock_irqsave'].map((n): Row => [n, 'acquire', 'spinlock', { path: '$->xa_lock' }])),
  ...(['xa_unlock', 'xa_unlock_bh', 'xa_unlock_irq', 'xa_unlock_irqrestore'].map((n): Row => [n, 'release', 'spinlock', { path: '$->xa_lock' }])),
  ['tty_lock', 'acquire', 'mutex', { path: '$->legacy_mutex' }],
  ['tty_unlock', 'release', 'mutex', { path: '$->legacy_mutex' }],
  ['folio_lock', 'acquire', 'mutex'],
  ['folio_trylock', 'try', 'mutex', { heldWhen: 'nonzero', sleeps: false }],
  ['folio_unlock', 'release', 'mutex'],
  ['lock_page', 'acquire', 'mutex'],
  ['trylock_page', 'try', 'mutex', { heldWhen: 'nonzero', sleeps: false }],
  ['unlock_page', 'release', 'mutex'],
  // semaphores
  ['down', 'acquire', 'semaphore'],
  ['down_interruptible', 'try', 'semaphore', { heldWhen: 'zero' }],
  ['down_killable', 'try', 'semaphore', { heldWhen: 'zero' }],
  ['down_trylock', 'try', 'semaphore', { heldWhen: 'zero', sleeps: false }],
  ['up', 'release', 'semaphore'],
  // RCU and SRCU read sections
  ['rcu_read_lock', 'acquire', 'rcu', { arg: -1, path: 'rcu' }],
  ['rcu_read_unlock', 'release', 'rcu', { arg: -1, path: 'rcu' }],
  ['rcu_read_lock_bh', 'acquire', 'rcu', { arg: -1, path: 'rcu_bh' }],
  ['rcu_read_unlock_bh', 'release', 'rcu', { arg: -1, path: 'rcu_bh' }],
  ['rcu_read_lock_sched', 'acquire', 'rcu', { arg: -1, path: 'rcu_sched' }],
  ['rcu_read_unlock_sched', 'release', 'rcu', { arg: -1, path: 'rcu_sched' }],
  ['srcu_read_lock', 'acquire', 'srcu'],
  ['srcu_read_unlock', 'release', 'srcu'],
  // wound/wait mutexes: the embedded mutex (`$->base`) is what is held
  ['ww_mutex_lock', 'try', 'mutex', { path: '$->base', heldWhen: 'zero' }],
  ['ww_mutex_lock_interruptible', 'try', 'mutex', { path: '$->base', heldWhen: 'zero' }],
  ['ww_mutex_lock_slow', 'acquire', 'mutex', { path: '$->base' }],
  ['ww_mutex_lock_slow_interruptible', 'try', 'mutex', { path: '$->base', heldWhen: 'zero' }],
  ['ww_mutex_trylock', 'try', 'mutex', { path: '$->base', heldWhen: 'nonzero', sleeps: false }],
  ['ww_mutex_unlock', 'release', 'mutex', { path: '$->base' }],
  // rt_mutex
  ['rt_mutex_lock', 'acquire', 'mutex'],
  ['rt_mutex_lock_nested', 'acquire', 'mutex'],
  ['rt_mutex_lock_interruptible', 'try', 'mutex', { heldWhen: 'zero' }],
  ['rt_mutex_lock_killable', 'try', 'mutex', { heldWhen: 'zero' }],
  ['rt_mutex_trylock', 'try', 'mutex', { heldWhen: 'nonzero', sleeps: false }],
  ['rt_mutex_unlock', 'release', 'mutex'],
  // nested and non-owner variants
  ['raw_spin_lock_irqsave_nested', 'acquire', 'spinlock'],
  ['spin_lock_bh_nested', 'acquire', 'spinlock'],
  ['write_lock_nested', 'acquire', 'rwlock'],
  ['down_read_killable_nested', 'try', 'rwsem', { heldWhen: 'zero', shared: true }],
  ['down_write_killable_nested', 'try', 'rwsem', { heldWhen: 'zero' }],
  ['down_read_non_owner', 'acquire', 'rwsem', { shared: true }],
  ['up_read_non_owner', 'release', 'rwsem', { shared: true }],
  ['_down_write_nest_lock', 'acquire', 'rwsem', { nested: true }],
  ['down_write_nest_lock', 'acquire', 'rwsem', { nested: true }],
  ['mutex_lock_nest_lock', 'acquire', 'mutex', { nested: true }],
  ['spin_lock_nest_lock', 'acquire', 'spinlock', { nested: true }],
  // per-CPU rw semaphores
  ['percpu_down_read', 'acquire', 'rwsem', { shared: true }],
  ['percpu_down_read_trylock', 'try', 'rwsem', { heldWhen: 'nonzero', shared: true, sleeps: false }],
  ['percpu_up_read', 'release', 'rwsem', { shared: true }],
  ['percpu_down_write', 'acquire', 'rwsem'],
  ['percpu_up_write', 'release', 'rwsem'],
  // seqlocks: the write side and the exclusive read side hold the seqlock's spinlock
  ...(['write_seqlock', 'write_seqlock_bh', 'write_seqlock_irq', 'write_seqlock_irqsave', 'read_seqlock_excl', 'read_seqlock_excl_bh', 'read_seqlock_excl_irq', 'read_seqlock_excl_irqsave'].map((n): Row => [n, 'acquire', 'spinlock'])),
  ...(['write_sequnlock', 'write_sequnlock_bh', 'write_sequnlock_irq', 'write_sequnlock_irqrestore', 'read_sequnlock_excl', 'read_sequnlock_excl_bh', 'read_sequnlock_excl_irq', 'read_sequnlock_excl_irqrestore'].map((n): Row => [n, 'release', 'spinlock'])),
  // local locks: per-CPU, atomic context on non-RT kernels
  ...(['local_lock', 'local_lock_irq', 'local_lock_irqsave'].map((n): Row => [n, 'acquire', 'spinlock'])),
  ...(['local_unlock', 'local_unlock_irq', 'local_unlock_irqrestore'].map((n): Row => [n, 'release', 'spinlock'])),
  // bit spinlocks: the word holding the lock bit (second argument)
  ['bit_spin_lock', 'acquire', 'spinlock', { arg: 1 }],
  ['bit_spin_trylock', 'try', 'spinlock', { arg: 1, heldWhen: 'nonzero' }],
  ['bit_spin_unlock', 'release', 'spinlock', { arg: 1 }],
  ['__bit_spin_unlock', 'release', 'spinlock', { arg: 1 }],
  ['hlist_bl_lock', 'acquire', 'spinlock'],
  ['hlist_bl_unlock', 'release', 'spinlock'],
  // lockdep ownership annotations: a hold handed on under another name (`this_parent = dentry`),
  // or left held for another context (a frozen superblock's levels)
  ...(['lock_release', 'spin_release', 'rwlock_release', 'mutex_release', 'rwsem_release', 'lock_map_release'].map((n): Row => [n, 'release', n.startsWith('spin') || n.startsWith('rwlock') ? 'spinlock' : 'mutex', { member: 'dep_map', annotation: true }])),
  ...(['spin_acquire', 'spin_acquire_nest'].map((n): Row => [n, 'acquire', 'spinlock', { member: 'dep_map', annotation: true }])),
  ...(['mutex_acquire', 'mutex_acquire_nest', 'rwsem_acquire', 'rwsem_acquire_read'].map((n): Row => [n, 'acquire', n.startsWith('rwsem') ? 'rwsem' : 'mutex', { member: 'dep_map', annotation: true, sleeps: false, ...(n === 'rwsem_acquire_read' ? { shared: true } : {}) }])),
  ['percpu_rwsem_release', 'release', 'rwsem', { annotation: true }],
  ['percpu_rwsem_acquire', 'acquire', 'rwsem', { annotation: true, sleeps: false }],
  // atomic context without a lock object
  ['local_irq_disable', 'acquire', 'irq', { arg: -1, path: IRQS_OFF }],
  ['local_irq_enable', 'release', 'irq', { arg: -1, path: IRQS_OFF }],
  ['local_irq_save', 'acquire', 'irq', { arg: -1, path: IRQS_OFF }],
  ['local_irq_restore', 'release', 'irq', { arg: -1, path: IRQS_OFF }],
  ['preempt_disable', 'acquire', 'preempt', { arg: -1, path: 'preempt-off' }],
  ['preempt_enable', 'release', 'preempt', { arg: -1, path: 'preempt-off' }],
  ['preempt_enable_no_resched', 'release', 'preempt', { arg: -1, path: 'preempt-off' }],
  ['preempt_disable_notrace', 'acquire', 'preempt', { arg: -1, path: 'preempt-off' }],
  ['preempt_enable_notrace', 'release', 'preempt', { arg: -1, path: 'preempt-off' }],
  ['local_bh_disable', 'acquire', 'preempt', { arg: -1, path: 'bh-off' }],
  ['local_bh_enable', 'release', 'preempt', { arg: -1, path: 'bh-off' }],
  // decrement-and-lock: the lock is held when they return true
  ['atomic_dec_and_lock', 'try', 'spinlock', { arg: 1, heldWhen: 'nonzero' }],
  ['atomic_dec_and_lock_irqsave', 'try', 'spinlock', { arg: 1, heldWhen: 'nonzero' }],
  ['atomic_dec_and_mutex_lock', 'try', 'mutex', { arg: 1, heldWhen: 'nonzero' }],
  ['refcount_dec_and_lock', 'try', 'spinlock', { arg: 1, heldWhen: 'nonzero' }],
  ['refcount_dec_and_lock_irqsave', 'try', 'spinlock', { arg: 1, heldWhen: 'nonzero' }],
  ['refcount_dec_and_mutex_lock', 'try', 'mutex', { arg: 1, heldWhen: 'nonzero' }],
  // lockref: the count is dropped locklessly, or the embedded spinlock is taken (returns 0)
  ['lockref_put_or_lock', 'try', 'spinlock', { path: '$->lock', heldWhen: 'zero' }],
];

/** The instances of execution contexts (no lock object): what `rcu_read_lock()`, `local_irq_disable()`, `preempt_disable()` enter. */
export const CONTEXT_LOCKS = new Set(ROWS.filter(([, , kind, extra]) => extra?.arg === -1 && (kind === 'rcu' || kind === 'irq' || kind === 'preempt')).map(([, , , extra]) => extra!.path!));

export const DEFAULT_PRIMITIVES: LockPrimitive[] = ROWS.map(([name, op, kind, extra]) => ({
  name,
  op,
  kind,
  arg: 0,
  path: '$',
  sleeps: op !== 'release' && SLEEPING.includes(kind),
  atomic: ATOMIC.includes(kind),
  ...extra,
}));

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
}

type GuardRow = [name: string, kind: LockKind, extra?: Partial<GuardClass>];
const GUARD_ROWS: GuardRow[] = [
  ['mutex', 'mutex'],
  ['mutex_try', 'mutex', { conditional: true, sleeps: false }],
  ['mutex_intr', 'mutex', { conditional: true }],
  ['device', 'mutex', { path: '$->mutex' }],
  ...(['spinlock', 'spinlock_irq', 'spinlock_irqsave', 'spinlock_bh', 'raw_spinlock', 'raw_spinlock_irq', 'raw_spinlock_irqsave'].map((n): GuardRow => [n, 'spinlock'])),
  ...(['spinlock_try', 'spinlock_irq_try', 'spinlock_irqsave_try', 'raw_spinlock_try', 'raw_spinlock_irqsave_try'].map((n): GuardRow => [n, 'spinlock', { conditional: true }])),
  ['read_lock', 'rwlock', { shared: true }],
  ['read_lock_irq', 'rwlock', { shared: true }],
  ['read_lock_irqsave', 'rwlock', { shared: true }],
  ['write_lock', 'rwlock'],
  ['write_lock_irq', 'rwlock'],
  ['write_lock_irqsave', 'rwlock'],
  ['rwsem_read', 'rwsem', { shared: true }],
  ['rwsem_read_try', 'rwsem', { shared: true, conditional: true, sleeps: false }],
  ['rwsem_read_intr', 'rwsem', { shared: true, conditional: true }],
  ['rwsem_write', 'rwsem'],
  ['rwsem_write_try', 'rwsem', { conditional: true, sleeps: false }],
  ['rwsem_write_kill', 'rwsem', { conditional: true }],
  ['rcu', 'rcu', { path: 'rcu' }],
  ['srcu', 'srcu'],
  ['irq', 'irq', { path: IRQS_OFF }],
  ['irqsave', 'irq', { path: IRQS_OFF }],
  ['preempt', 'preempt', { path: 'preempt-off' }],
  ['preempt_notrace', 'preempt', { path: 'preempt-off' }],
  ['local_lock', 'spinlock'],
  ['local_lock_irq', 'spinlock'],
  ['local_lock_irqsave', 'spinlock'],
  ['write_seqlock', 'spinlock'],
  ['write_seqlock_irqsave', 'spinlock'],
  ['percpu_read', 'rwsem', { shared: true }],
  ['percpu_write', 'rwsem'],
];

export const DEFAULT_GUARDS: GuardClass[] = GUARD_ROWS.map(([name, kind, extra]) => ({
  name,
  kind,
  path: '$',
  conditional: false,
  sleeps: SLEEPING.includes(kind),
  atomic: ATOMIC.includes(kind),
  ...extra,
}));

export interface LockTable {
  primitives: Map<string, LockPrimitive>;
  guards: Map<string, GuardClass>;
}

export function lockTable(extraPrimitives: LockPrimitive[] = [], extraGuards: GuardClass[] = []): LockTable {
  return {
    primitives: new Map([...DEFAULT_PRIMITIVES, ...extraPrimitives].map((p) => [p.name, p])),
    guards: new Map([...DEFAULT_GUARDS, ...extraGuards].map((g) => [g.name, g])),
  };
}
