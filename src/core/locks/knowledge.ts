/**
 * Kernel facts the analysis needs beyond lock primitives, as data: types of
 * well-known struct fields (patches rarely carry the struct declarations),
 * functions that sleep, reference getters, helpers that call a callback with
 * a lock held, and lock orders the kernel already establishes elsewhere.
 */

/** struct -> field -> struct type of the field (for lock classes such as `device.mutex`). */
export const KNOWN_STRUCT_FIELDS: Record<string, Record<string, string>> = {
  task_struct: { sighand: 'sighand_struct', signal: 'signal_struct', mm: 'mm_struct', files: 'files_struct', fs: 'fs_struct' },
  device: { mutex: 'mutex', parent: 'device', iommu_group: 'iommu_group', driver: 'device_driver', bus: 'bus_type', iommu: 'dev_iommu' },
  iommu_group: { mutex: 'mutex', default_domain: 'iommu_domain', domain: 'iommu_domain', devices: 'list_head', blocking_domain: 'iommu_domain' },
  group_device: { dev: 'device', list: 'list_head' },
  pci_dev: { dev: 'device', bus: 'pci_bus' },
  platform_device: { dev: 'device' },
  iommu_domain: { ops: 'iommu_domain_ops' },
};

/**
 * Fields the kernel's headers define as macros for a member path, so one lock has
 * a short and a long name (`dentry->d_lock` is `dentry->d_lockref.lock`). Macros of
 * this shape in the file itself are read too (fieldMacros.ts).
 */
export const FIELD_MACROS: Record<string, string> = {
  d_lock: 'd_lockref.lock',
};

/** The file-mode test macros (`S_ISDIR(inode->i_mode)`): they only read their argument. */
const FILE_MODE_TESTS = ['S_ISDIR', 'S_ISREG', 'S_ISLNK', 'S_ISCHR', 'S_ISBLK', 'S_ISFIFO', 'S_ISSOCK'];

/**
 * Names every kernel function can use as a fixed root, with their pointee
 * type: `current` is the running task, the same object for the whole call
 * and for every function it calls.
 */
export const KERNEL_GLOBALS: Record<string, string> = {
  current: 'task_struct',
};

/** A global of the file, or one the kernel gives every function (`current`). */
export function isGlobalName(globals: ReadonlyMap<string, string> | ReadonlySet<string>, name: string): boolean {
  return globals.has(name) || Object.prototype.hasOwnProperty.call(KERNEL_GLOBALS, name);
}

/** Kernel functions that never return to their caller (declared `__noreturn`). */
export const NORETURN_CALLS = new Set([
  'panic', 'do_exit', 'do_group_exit', 'make_task_dead', 'kthread_exit', 'kthread_complete_and_exit',
  '__module_put_and_kthread_exit', 'BUG', 'machine_halt', 'machine_power_off', 'emergency_restart', 'cpu_startup_entry',
]);

/**
 * The one configuration a review analyses: `IS_ENABLED(CONFIG_X)` is true for
 * every option but these, which ordinary kernels leave off. A lock taken under
 * `IS_ENABLED(CONFIG_RPS)` in one function and given back under it in another
 * then pairs up.
 */
export const CONFIG_OFF = new Set(['CONFIG_PREEMPT_RT']);

/** Calls that may sleep, whatever their arguments. */
export const SLEEPING_CALLS = new Set([
  'msleep', 'msleep_interruptible', 'ssleep', 'usleep_range', 'might_sleep', 'schedule', 'schedule_timeout',
  'wait_for_completion', 'wait_for_completion_timeout', 'wait_event', 'wait_event_interruptible',
  'copy_from_user', 'copy_to_user', 'get_user', 'put_user', 'vmalloc', 'vzalloc', 'synchronize_rcu',
  'synchronize_srcu', 'flush_work', 'flush_workqueue', 'cancel_work_sync', 'cancel_delayed_work_sync',
  'kthread_stop', 'request_firmware', 'iommu_domain_alloc', 'iommu_attach_device', 'iommu_attach_group',
]);

/** A GFP flag that lets an allocation sleep. */
export const SLEEPING_GFP = /\bGFP_(?:KERNEL|USER|HIGHUSER|NOIO|NOFS)\b/;

/**
 * Calls that take a reference on what they are given (or return), making it safe to use after the
 * lock is dropped: the kernel's get/hold/grab naming (`get_device`, `kref_get`, `sock_hold`, `dget`,
 * `__iget`, `igrab`) and reference counters bumped by hand.
 */
export const REFERENCE_GETTERS = /^(?:get_\w+|\w+_get|\w+_get_\w+|\w+_hold|__\w*get|dget\w*|ihold|igrab|mntget|\w+grab|kref_get\w*|refcount_inc\w*|atomic_inc\w*|atomic_long_inc\w*|percpu_ref_get\w*|percpu_ref_tryget\w*)$/;

/** Lookups that find an object inside another (list heads, tables, containers): what they return lives while its container keeps it. */
export const LOOKUPS = /^(?:list_\w*entry\w*|hlist_\w*entry\w*|container_of\w*|rb_entry\w*|llist_entry|xa_load|xa_find\w*|idr_find|radix_tree_lookup|rcu_dereference\w*|rcu_access_pointer|READ_ONCE|klist_next|\w+_lookup\w*|\w+_find\w*|__\w+_lookup\w*)$/;

/**
 * Lookups that are only address arithmetic on their first argument (`container_of(p, ...)`):
 * given a parameter, they name the caller's object and find nothing new.
 */
export const MEMBER_TO_CONTAINER = /^(?:container_of\w*|list_entry|hlist_entry|rb_entry|llist_entry)$/;

/** Helpers outside the file that call a function argument with a lock held. */
export interface CallbackHelper {
  name: string;
  /** Index of the callback argument. */
  fnArg: number;
  /** Locks held while the callback runs, as primitive paths over the helper's arguments (`$0->mutex`). */
  holds: Array<{ path: string; cls: string }>;
}

export const CALLBACK_HELPERS: CallbackHelper[] = [
  { name: 'iommu_group_for_each_dev', fnArg: 2, holds: [{ path: '$0->mutex', cls: 'iommu_group.mutex' }] },
  { name: 'bus_for_each_dev', fnArg: 3, holds: [] },
  { name: 'driver_for_each_device', fnArg: 3, holds: [] },
  { name: 'device_for_each_child', fnArg: 2, holds: [] },
];

/** Lock orders the kernel takes elsewhere, so a patch that takes them the other way round is an inversion. */
export interface KnownOrder {
  from: string;
  to: string;
  where: string;
}

export const KNOWN_ORDERS: KnownOrder[] = [
  {
    from: 'device.mutex',
    to: 'iommu_group.mutex',
    where: 'driver core device release: device_lock() -> bus notifier -> iommu_release_device() -> mutex_lock(&group->mutex)',
  },
];

/** Calls known to leave every lock alone; the evidence need not mark them as unseen. */
/** Functions that print a message (the kernel log): what a function says it is doing, and lock-neutral. */
const PRINTER_NAMES = String.raw`pr_\w+|dev_(?:err|warn|info|dbg|notice)\w*|printk\w*|WARN\w*`;
export const MESSAGE_PRINTERS = new RegExp(`^(?:${PRINTER_NAMES})$`);

export const LOCK_NEUTRAL = new RegExp(String.raw`^(?:${PRINTER_NAMES}|BUG_ON|BUILD_BUG_ON|likely|unlikely|IS_ERR|IS_ERR_OR_NULL|PTR_ERR|ERR_PTR|ERR_CAST|container_of|list_\w+|hlist_\w+|kfree|kvfree|kfree_rcu|memset|memcpy|strcmp|strncmp|sysfs_streq|strlen|sizeof|min|max|min_t|max_t|clamp|capable|dev_name|atomic_\w+|READ_ONCE|WRITE_ONCE|set_bit|clear_bit|test_bit|lockdep_assert_held\w*|might_sleep_if)$`);

/** Calls whose value is their argument's, for deciding a condition (`unlikely(busy)` is `busy`). */
export const TRANSPARENT_CALLS = new Set(['likely', 'unlikely']);

/**
 * Calls outside the code in view that answer the same every time on a path:
 * configuration tests. Functions in view are pure when their bodies only read.
 */
export const PURE_CALLS = new Set(['likely', 'unlikely', 'IS_ENABLED', 'IS_BUILTIN', 'IS_REACHABLE', 'IS_MODULE', 'sizeof', 'ARRAY_SIZE', ...FILE_MODE_TESTS]);

/** Calls that link an object into a shared structure through a member (`list_add(&p->node, &head)`): it is published there. */
export const LINKERS = /^(?:list_add\w*|hlist_add\w*|hlist_nulls_add\w*|llist_add\w*|rb_link_node\w*|rb_insert\w*|klist_add\w*)$/;

/**
 * Calls that unlink an object from where others find it (`list_del(&p->node)`):
 * the pointer whose member is passed belongs to this thread afterwards.
 */
export const UNLINKERS = /^(?:list_del\w*|hlist_del\w*|hlist_nulls_del\w*|list_move\w*|list_splice\w*|list_replace\w*|rb_erase\w*|idr_remove|xa_erase\w*|radix_tree_delete\w*|klist_del|llist_del\w*)$/;

/**
 * Reads of a shared pointer that give its value as it is (`rcu_dereference_protected(p, c)` is
 * `p`), and stores that replace it (`rcu_assign_pointer(p, v)` writes `p`): an object read from
 * `p` and then replaced there under the same lock was taken out of its shared place.
 */
export const POINTER_READERS = /^(?:rcu_dereference\w*|rcu_access_pointer|READ_ONCE|smp_load_acquire)$/;
export const POINTER_PUBLISHERS = /^(?:rcu_assign_pointer|RCU_INIT_POINTER|WRITE_ONCE|smp_store_release)$/;

/** Calls that return the object they took out of a shared place (`old = xchg(&p->f, new)`). */
export const DETACHING_GETTERS = /^(?:xchg|cmpxchg|rcu_replace_pointer|xa_erase\w*|xa_store\w*|idr_remove|radix_tree_delete\w*|llist_del_all|__skb_dequeue\w*|skb_dequeue\w*|__skb_unlink|list_del_first\w*)$/;

/** Calls that state or check something and change nothing: assertions, annotations, lockless reads. */
export const NO_EFFECT_CALLS = /^(?:lockdep_assert\w*|lockdep_\w+|WARN\w*|BUG_ON|BUILD_BUG_ON|might_sleep\w*|READ_ONCE|likely|unlikely|__acquire|__release|__cond_lock|IS_ENABLED|pr_debug|dev_dbg|swap|min|max|min_t|max_t|clamp|S_IS(?:DIR|REG|LNK|CHR|BLK|FIFO|SOCK))$/;

/** Accessors that read or write a field without a lock on purpose (marked lockless, or atomic). */
export const LOCKLESS_ACCESSORS = /^(?:READ_ONCE|WRITE_ONCE|data_race|rcu_dereference\w*|rcu_access_pointer|rcu_assign_pointer|rcu_replace_pointer|smp_load_acquire|smp_store_release|smp_store_mb|atomic\w*|atomic64\w*|test_bit|set_bit|clear_bit|test_and_set_bit|test_and_clear_bit|__set_bit|__clear_bit|xchg|cmpxchg|try_cmpxchg|refcount_\w+|kref_\w+|percpu_ref_\w+)$/;

/** Allocators: an object they return is this thread's alone until it is published. */
/** Calls that give a reference back (`scsi_device_put(sdev)`): the end of a use, not one that relies on the object's state. */
export const REFERENCE_PUTTERS = /^(?:put_\w+|\w+_put|\w+_put_\w+|kref_put\w*|refcount_dec\w*|dput|iput|mntput|fput)$/;

/** Calls that write the state their first argument names (`WRITE_ONCE(p->dying, true)`, `set_bit(F, &p->flags)`). */
export const STATE_WRITERS = /^(?:WRITE_ONCE|smp_store_release|smp_store_mb|atomic\w*_set\w*|set_bit|__set_bit|clear_bit|__clear_bit|test_and_set_bit|test_and_clear_bit|set_mask_bits)$/;

export const ALLOCATORS = /^(?:kmalloc\w*|kzalloc\w*|kcalloc\w*|kvmalloc\w*|kvzalloc\w*|kvcalloc|vmalloc\w*|vzalloc\w*|kmem_cache_alloc\w*|kmem_cache_zalloc|devm_kmalloc|devm_kzalloc|devm_kcalloc|kmemdup|kstrdup|alloc_percpu)$/;

/** Deallocators: an object given to one is no longer anyone else's. */
export const DEALLOCATORS = /^(?:kfree|kvfree|vfree|kfree_rcu|kfree_sensitive|kmem_cache_free|devm_kfree)$/;

/** Tests that a returned pointer is an error (or NULL): true means no object came back. */
export const ERROR_POINTER_TESTS = new Set(['IS_ERR', 'IS_ERR_OR_NULL']);

/** What an error pointer carries: its code, not an object. */
export const ERROR_POINTER_VALUES = new Set(['PTR_ERR', 'ERR_CAST', 'PTR_ERR_OR_ZERO']);

/** Calls that make an error pointer: a function returning one returns no object (the 'zero' class, as IS_ERR() true is). */
export const ERROR_POINTER_MAKERS = new Set(['ERR_PTR', 'ERR_CAST']);

/** A pointer's status as an int: 0 exactly when the pointer is an object (`ret = PTR_ERR_OR_ZERO(p)`). */
export const ERROR_TO_STATUS = new Set(['PTR_ERR_OR_ZERO']);

/** Iterator macros whose variable is NULL once the walk ends (hlist walks), unlike list walks that end on the head. */
export const NULL_ENDED_ITERATORS = /^hlist_(?:nulls_)?for_each_entry\w*$/;

/** File-scope macros that export a function for other modules to call directly. */
export const EXPORT_MACROS = /^EXPORT_(?:SYMBOL|SYMBOL_GPL|SYMBOL_NS|SYMBOL_NS_GPL|TRACEPOINT_SYMBOL\w*|INDIRECT_CALLABLE)\w*$/;

/**
 * Attribute macros that register `<name>_show`/`<name>_store` by pasting
 * tokens (`DEVICE_ATTR_RW(type)` registers `type_show` and `type_store`):
 * sysfs calls them with none of the driver's locks held.
 */
export const ATTRIBUTE_MACROS: Record<string, Array<'show' | 'store'>> = {
  DEVICE_ATTR_RW: ['show', 'store'],
  DEVICE_ATTR_RO: ['show'],
  DEVICE_ATTR_WO: ['store'],
  DEVICE_ATTR_ADMIN_RW: ['show', 'store'],
  DEVICE_ATTR_ADMIN_RO: ['show'],
  DRIVER_ATTR_RW: ['show', 'store'],
  DRIVER_ATTR_RO: ['show'],
  DRIVER_ATTR_WO: ['store'],
  BUS_ATTR_RW: ['show', 'store'],
  BUS_ATTR_RO: ['show'],
  BUS_ATTR_WO: ['store'],
  CLASS_ATTR_RW: ['show', 'store'],
  CLASS_ATTR_RO: ['show'],
  CLASS_ATTR_WO: ['store'],
  KERNEL_ATTR_RW: ['show', 'store'],
  KERNEL_ATTR_RO: ['show'],
  __ATTR_RW: ['show', 'store'],
  __ATTR_RO: ['show'],
  __ATTR_WO: ['store'],
};

/**
 * Lock classes lockdep does not validate (the driver core calls
 * lockdep_set_novalidate_class() on every device's mutex): nesting two of
 * them is how parent and child devices are locked, not a lockdep report.
 */
export const NOVALIDATE_CLASSES = new Set(['device.mutex']);
