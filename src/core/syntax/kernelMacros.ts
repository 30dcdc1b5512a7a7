/**
 * Kernel idioms that plain tree-sitter-c mis-parses, as data. The preprocessor
 * rewrites them into C of the same length (so every offset stays the user's)
 * and records what it rewrote, so later layers still know the macro.
 */

/** A macro name that is an iterator: `name(args) statement` is a loop (`list_for_each_entry`, `vma_interval_tree_foreach`). */
export const LOOP_MACRO = /^(?:[A-Za-z_]\w*_)?for_?each(?:_\w+)?$/;

/** `#define name(args) for (`: a macro the file defines as a loop, whatever its name (line continuations allowed). */
export const LOOP_DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\([^)\n]*\)(?:[ \t]|\\\r?\n)*for[ \t]*\(/gm;

/**
 * A macro that ends a do-while loop (`do { ... } while_each_thread(g, t);` is
 * `while ((t = next_thread(t)) != g)`): its arguments are the loop's test.
 */
export const DO_WHILE_MACRO = /^while_\w+$/;

/** `scoped_guard(class, args) { }` and kin: a block run with a lock held. */
export const SCOPED_GUARD_MACROS: Record<string, { failArg: boolean }> = {
  scoped_guard: { failArg: false },
  scoped_cond_guard: { failArg: true },
};

/** Lock annotations that may follow a function declarator. */
export const LOCK_ANNOTATIONS = [
  '__acquires',
  '__releases',
  '__must_hold',
  '__cond_acquires',
  '__cond_releases',
  '__acquire',
  '__release',
] as const;
export type LockAnnotationKind = (typeof LOCK_ANNOTATIONS)[number];

/** Attribute-like words (with or without an argument list) that carry no meaning for the analysis. */
export const IGNORED_ATTRIBUTES = new Set([
  '__init', '__exit', '__initdata', '__exitdata', '__ref', '__refdata', '__maybe_unused',
  '__always_unused', '__used', '__always_inline', '__inline', 'noinline', '__noinline',
  '__must_check', '__cold', '__hot', '__weak', '__pure', '__const', '__noreturn', 'noinline_for_stack',
  '__user', '__iomem', '__kernel', '__force', '__rcu', '__percpu', '__nocast', '__safe',
  '__visible', '__ro_after_init', '__read_mostly', '__cacheline_aligned', '__packed',
  '__latent_entropy', '__randomize_layout', 'notrace', '__sched', '__always_unused',
  '__free', '__cleanup', '__aligned', '__printf', '__section', '__attribute__', '__counted_by',
  '__nonstring', '__must_be_array', 'asmlinkage', '__bitwise',
  '__net_init', '__net_exit', '__net_initdata', '__meminit', '__init_or_module', '__initconst', 'noinstr',
  '__cpuidle', '__irq_entry', '__kprobes',
]);

/** Macros that are statements of their own at top level or in bodies and may confuse the grammar. */
export const TOP_LEVEL_STATEMENT_MACROS = /^(?:EXPORT_SYMBOL(?:_GPL)?(?:_NS)?|MODULE_\w+|module_\w+|late_initcall|core_initcall|subsys_initcall|arch_initcall|device_initcall|fs_initcall|postcore_initcall|early_initcall)$/;
