import type { FunctionInfo, SNode } from '../syntax';

export type EdgeKind =
  | 'normal'
  | 'true'
  | 'false'
  | 'case'
  | 'default'
  | 'goto'
  | 'break'
  | 'continue'
  | 'return'
  | 'loop'
  | 'fallthrough';

export interface CfgEdge {
  to: number;
  kind: EdgeKind;
  /** The case value for `case` edges, the label for `goto` edges. */
  label?: string;
  /** The line of the `goto`, `break` or `continue` statement that makes a jump edge. */
  line?: number;
}

/** A cleanup guard leaving scope: `guard(mutex)(&x)` or the lock of a `scoped_guard`. */
export interface GuardRef {
  /** The guard class (`mutex`, `spinlock_irqsave`, `device`). */
  guardClass: string;
  /** The lock argument expressions. */
  args: SNode[];
  /** The statement or `scoped_guard` node that took it. */
  node: SNode;
}

export type CfgItem =
  /**
   * An expression statement or a declaration, evaluated in order. `skip`: parts this branch does
   * not evaluate, for a statement whose value is a conditional with calls in its arms
   * (`pte = c ? f() : g();`), split on its condition: the condition and the arm not taken.
   */
  | { kind: 'stmt'; node: SNode; skip?: readonly SNode[] }
  /** A `return`; `value` is its expression, if any. */
  | { kind: 'return'; node: SNode | null; value: SNode | null; line: number; valueText?: string }
  /** `scoped_guard(...)` acquiring its lock on entry to its scope. */
  | { kind: 'guard-enter'; guard: GuardRef }
  /** Guards released, innermost first, because control leaves their scope. */
  | { kind: 'guard-exit'; guards: GuardRef[]; line: number }
  /** The value a `switch` dispatches on. */
  | { kind: 'switch'; node: SNode };

export interface CfgBlock {
  id: number;
  kind: 'entry' | 'exit' | 'block' | 'branch' | 'label' | 'loop-head';
  items: CfgItem[];
  /** For a branch: the (sub)condition whose value picks the true or false edge. */
  cond?: SNode;
  /** For an iterator macro's loop head (`list_for_each_entry`): the macro name. */
  loopMacro?: string;
  /** For a conditional scoped guard's branch: the guard it tries to take. */
  tryGuard?: GuardRef;
  /** For a preprocessor conditional's branch: the configuration it tests (`CONFIG_X` defined), one answer per build. */
  config?: { key: string; negated: boolean };
  /** For a label block: the label. */
  label?: string;
  succ: CfgEdge[];
  pred: number[];
  reachable: boolean;
  /** 1-based line where the block starts in the user's text. */
  line: number;
}

export interface Cfg {
  fn: FunctionInfo;
  /** The text the offsets point into. */
  source: string;
  blocks: CfgBlock[];
  entry: number;
  exit: number;
  /** Gotos to labels the function does not define, and other oddities. */
  notes: string[];
}
