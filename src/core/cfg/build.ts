/**
 * Builds one control-flow graph per function from the converted tree.
 * Blocks hold the statements run in order; branch blocks end in the
 * (sub)condition that picks their true or false edge, with `&&`, `||`, `!`
 * and `?:` in conditions split so each operand decides its own branch.
 * Unreachable blocks are kept and flagged.
 */
import { field, named, unparen, walk, operator, type SNode, type FunctionInfo, type ParsedFile } from '../syntax';
import { guardStatement } from '../syntax/kernelIdioms';
import { KERNEL_KNOWLEDGE, type GuardClass, type Knowledge } from '../knowledge';
import type { Cfg, CfgBlock, CfgItem, EdgeKind, GuardRef } from './types';

interface Scope {
  node: SNode;
  guards: GuardRef[];
}

interface JumpTarget {
  block: CfgBlock;
  /** Number of scopes open when the loop or switch began. */
  depth: number;
}

/** A guard class the knowledge does not list: DEFINE_GUARD_COND() names its conditional classes with these suffixes. */
const TRY_GUARD = /_(?:try|intr|killable|interruptible)$/;

/**
 * `knowledge`: the guard classes known (their `conditional` decides whether a scoped guard may fail), and
 * the calls that are the value they are handed (`unlikely(a || b)`: its operands branch as they would bare).
 */
export function buildCfg(file: ParsedFile, fn: FunctionInfo, knowledge: Pick<Knowledge, 'guards' | 'calls'> = KERNEL_KNOWLEDGE): Cfg {
  return new CfgBuilder(file, fn, knowledge.guards, knowledge.calls.transparent).build();
}

class CfgBuilder {
  private readonly blocks: CfgBlock[] = [];
  private cur: CfgBlock | null;
  private readonly exit: CfgBlock;
  private readonly scopes: Scope[] = [];
  private readonly breaks: JumpTarget[] = [];
  private readonly continues: JumpTarget[] = [];
  private readonly labels = new Map<string, { block: CfgBlock; ancestors: Set<SNode> }>();
  private readonly notes: string[] = [];

  constructor(
    private readonly file: ParsedFile,
    private readonly fn: FunctionInfo,
    private readonly guards: ReadonlyMap<string, GuardClass>,
    private readonly transparent: { has(name: string): boolean },
  ) {
    const entry = this.newBlock('entry', fn.node.start);
    this.exit = this.newBlock('exit', fn.end - 1);
    this.cur = entry;
  }

  build(): Cfg {
    this.collectLabels();
    const first = this.newBlock('block', this.fn.body.start);
    this.edge(this.cur, first, 'normal');
    this.cur = first;
    this.statement(this.fn.body);
    if (this.cur) this.edge(this.cur, this.exit, 'return');
    this.markReachable();
    return { fn: this.fn, source: this.file.text, blocks: this.blocks, entry: 0, exit: 1, notes: this.notes };
  }

  // ---- blocks and edges

  private newBlock(kind: CfgBlock['kind'], offset: number): CfgBlock {
    const block: CfgBlock = { id: this.blocks.length, kind, items: [], succ: [], pred: [], reachable: false, line: this.file.lines.line(offset) };
    this.blocks.push(block);
    return block;
  }

  private edge(from: CfgBlock | null, to: CfgBlock, kind: EdgeKind, label?: string, line?: number): void {
    if (!from) return;
    from.succ.push({ to: to.id, kind, ...(label === undefined ? {} : { label }), ...(line === undefined ? {} : { line }) });
    to.pred.push(from.id);
  }

  /** The block to add to; after a jump, a fresh block that nothing reaches. */
  private current(offset: number): CfgBlock {
    if (!this.cur) this.cur = this.newBlock('block', offset);
    return this.cur;
  }

  /** Starts a new block, falling through from the current one. */
  private startBlock(kind: CfgBlock['kind'], offset: number, edgeKind: EdgeKind = 'normal'): CfgBlock {
    const block = this.newBlock(kind, offset);
    this.edge(this.cur, block, edgeKind);
    this.cur = block;
    return block;
  }

  private text(n: SNode): string {
    return this.file.text.slice(n.start, n.end);
  }

  // ---- statements

  private statement(n: SNode): void {
    switch (n.type) {
      case 'compound_statement':
        return this.compound(n);
      case 'if_statement':
        return this.file.scopedGuards.has(n.start) ? this.scopedGuard(n) : this.ifStatement(n);
      case 'while_statement':
        return this.whileStatement(n);
      case 'do_statement':
        return this.doStatement(n);
      case 'for_statement':
        return this.forStatement(n);
      case 'switch_statement':
        return this.switchStatement(n);
      case 'case_statement':
        return this.caseBody(n);
      case 'labeled_statement':
        return this.labeled(n);
      case 'goto_statement':
        return this.gotoStatement(n);
      case 'return_statement':
        return this.returnStatement(n);
      case 'break_statement':
        return this.jump(n, this.breaks, 'break');
      case 'continue_statement':
        return this.jump(n, this.continues, 'continue');
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
        return this.preprocConditional(n);
      case 'preproc_else':
        for (const c of named(n)) this.statement(c);
        return;
      case 'expression_statement':
      case 'declaration': {
        const guard = guardStatement(this.file, n);
        const split = guard ? undefined : armedConditional(n);
        if (split) return this.conditionalStatement(n, split);
        this.current(n.start).items.push({ kind: 'stmt', node: n });
        if (guard) this.scopes[this.scopes.length - 1]?.guards.push(guard);
        return;
      }
      case 'attributed_statement':
      case 'comment':
      case ';':
      case '{':
      case '}':
        for (const c of named(n)) if (c.type !== 'attribute_declaration') this.statement(c);
        return;
      default:
        if (n.named && n.type !== 'comment' && !n.type.startsWith('preproc_') && n.type !== 'type_definition') {
          this.current(n.start).items.push({ kind: 'stmt', node: n });
        }
    }
  }

  /** `x = c ? f() : g();`: a branch on `c`, each arm's block evaluating the statement with its own arm only. */
  private conditionalStatement(n: SNode, c: { test: SNode; yes: SNode; no: SNode }): void {
    const yesB = this.newBlock('block', c.yes.start);
    const noB = this.newBlock('block', c.no.start);
    const join = this.newBlock('block', n.end);
    this.condition(c.test, yesB, noB);
    yesB.items.push({ kind: 'stmt', node: n, skip: [c.test, c.no] });
    noB.items.push({ kind: 'stmt', node: n, skip: [c.test, c.yes] });
    this.edge(yesB, join, 'normal');
    this.edge(noB, join, 'normal');
    this.cur = join;
  }

  private compound(n: SNode): void {
    this.scopes.push({ node: n, guards: [] });
    const kids = n.children.filter((c) => c.named);
    for (let k = 0; k < kids.length; k++) {
      const dangling = danglingElse(kids[k], this.file.text);
      if (dangling && kids[k + 1]) this.configuredElse(kids[k], dangling, kids[++k]);
      else this.statement(kids[k]);
    }
    const scope = this.scopes.pop()!;
    if (this.cur && scope.guards.length) {
      this.cur.items.push({ kind: 'guard-exit', guards: [...scope.guards].reverse(), line: this.file.lines.line(n.end - 1) });
    }
  }

  /**
   * `#ifdef X ... if (c) {...} else #endif s;`: with X, `s` is the if's else
   * branch; without X, `s` alone. One consistent configuration each, not a sequence.
   */
  private configuredElse(pre: SNode, ifNode: SNode, next: SNode): void {
    const withX = () => {
      for (const c of named(pre)) if (c !== ifNode && c.type !== 'ERROR' && c.field !== 'condition' && c.field !== 'name') this.statement(c);
      this.ifStatement(ifNode, next);
    };
    this.eitherConfiguration(pre, next.end, withX, next);
  }

  /** An `if`; `elseStatement` stands for its else branch when the preprocessor cut it off. */
  private ifStatement(n: SNode, elseStatement?: SNode): void {
    const cond = field(n, 'condition');
    const then = field(n, 'consequence');
    const alt = elseStatement ?? field(n, 'alternative');
    const thenB = this.newBlock('block', then?.start ?? n.start);
    const join = this.newBlock('block', n.end);
    const elseB = alt ? this.newBlock('block', alt.start) : join;
    this.condition(cond, thenB, elseB);
    this.cur = thenB;
    if (then) this.statement(then);
    this.edge(this.cur, join, 'normal');
    if (alt) {
      this.cur = elseB;
      if (elseStatement) this.statement(elseStatement);
      else for (const c of named(alt)) this.statement(c);
      this.edge(this.cur, join, 'normal');
    }
    this.cur = join;
  }

  /** `unlikely(a || b)`: a call of one argument that is that argument's truth (knowledge `transparent`), around operands that branch apart. */
  private transparentArgument(e: SNode): SNode | undefined {
    if (e.type !== 'call_expression') return undefined;
    const fn = field(e, 'function');
    const args = field(e, 'arguments');
    const only = args ? named(args) : [];
    if (!fn || fn.type !== 'identifier' || only.length !== 1 || !this.transparent.has(this.file.text.slice(fn.start, fn.end))) return undefined;
    const x = unparen(only[0]);
    return x.type === 'binary_expression' && (operator(x) === '&&' || operator(x) === '||') ? x : undefined;
  }

  /**
   * Emits the branch for a condition: `a && b`, `a || b`, `!a`, `a ? b : c`
   * and `a ?: b` are split so each operand gets its own branch block.
   */
  private condition(expr: SNode | undefined, t: CfgBlock, f: CfgBlock): void {
    if (!expr) {
      this.edge(this.cur, t, 'true');
      this.edge(this.cur, f, 'false');
      this.cur = null;
      return;
    }
    const e = unparen(expr);
    const hinted = this.transparentArgument(e);
    if (hinted) {
      this.condition(hinted, t, f);
      return;
    }
    if (e.type === 'binary_expression' && (operator(e) === '&&' || operator(e) === '||')) {
      const left = field(e, 'left');
      const right = field(e, 'right');
      const mid = this.newBlock('block', right?.start ?? e.start);
      if (operator(e) === '&&') this.condition(left, mid, f);
      else this.condition(left, t, mid);
      this.cur = mid;
      this.condition(right, t, f);
      return;
    }
    if (e.type === 'unary_expression' && operator(e) === '!') {
      this.condition(field(e, 'argument'), f, t);
      return;
    }
    if (e.type === 'conditional_expression') {
      const test = field(e, 'condition');
      const yes = field(e, 'consequence');
      const no = field(e, 'alternative');
      const noB = this.newBlock('block', no?.start ?? e.start);
      if (yes) {
        const yesB = this.newBlock('block', yes.start);
        this.condition(test, yesB, noB);
        this.cur = yesB;
        this.condition(yes, t, f);
      } else {
        // GNU `a ?: b`: a true `a` is the value.
        this.condition(test, t, noB);
      }
      this.cur = noB;
      this.condition(no, t, f);
      return;
    }
    // The current block's statements run first, then its condition decides.
    const b = this.current(e.start);
    if (b.kind === 'block') b.kind = 'branch';
    b.cond = e;
    this.edge(b, t, 'true');
    this.edge(b, f, 'false');
    this.cur = null;
  }

  /** Emits a loop body with `break` going to `after` and `continue` to `cont`. */
  private loopBody(body: SNode | undefined, after: CfgBlock, cont: CfgBlock): void {
    this.breaks.push({ block: after, depth: this.scopes.length });
    this.continues.push({ block: cont, depth: this.scopes.length });
    if (body) this.statement(body);
    this.breaks.pop();
    this.continues.pop();
  }

  private whileStatement(n: SNode): void {
    const macro = this.file.loops.get(n.start);
    // Calls in an iterator's arguments (`for_each_gem_engine(ce, i915_gem_context_lock_engines(ctx), it)`)
    // run once, as the walk starts: they go in the block before the loop head.
    const calls = macro ? outerCalls(field(n, 'condition')) : [];
    if (calls.length) this.current(n.start).items.push(...calls.map((node) => ({ kind: 'stmt' as const, node })));
    const head = this.startBlock('loop-head', n.start);
    const bodyNode = field(n, 'body');
    const bodyB = this.newBlock('block', bodyNode?.start ?? n.start);
    const after = this.newBlock('block', n.end);
    if (macro) {
      // An iterator: the body runs zero or more times; its arguments decide nothing we can evaluate.
      head.loopMacro = macro.macro;
      head.items.push({ kind: 'stmt', node: field(n, 'condition') ?? n });
      this.edge(head, bodyB, 'true');
      this.edge(head, after, 'false');
      this.cur = null;
    } else {
      this.condition(field(n, 'condition'), bodyB, after);
    }
    this.cur = bodyB;
    this.loopBody(bodyNode, after, head);
    this.edge(this.cur, head, 'loop');
    this.cur = after;
  }

  private doStatement(n: SNode): void {
    const bodyNode = field(n, 'body');
    const bodyB = this.startBlock('block', bodyNode?.start ?? n.start);
    const condNode = field(n, 'condition');
    const condB = this.newBlock('loop-head', condNode?.start ?? n.end);
    const after = this.newBlock('block', n.end);
    this.loopBody(bodyNode, after, condB);
    this.edge(this.cur, condB, 'normal');
    this.cur = condB;
    const c = condNode ? unparen(condNode) : undefined;
    if (c && c.type === 'number_literal' && this.text(c) === '0') {
      // `do { } while (0)`: the body runs once.
      this.edge(condB, after, 'normal');
      this.cur = after;
      return;
    }
    const back = this.newBlock('block', condNode?.start ?? n.end);
    this.condition(condNode, back, after);
    this.cur = back;
    this.edge(back, bodyB, 'loop');
    this.cur = after;
  }

  private forStatement(n: SNode): void {
    const init = field(n, 'initializer');
    if (init) this.current(init.start).items.push({ kind: 'stmt', node: init });
    const head = this.startBlock('loop-head', n.start);
    const bodyNode = field(n, 'body');
    const bodyB = this.newBlock('block', bodyNode?.start ?? n.start);
    const after = this.newBlock('block', n.end);
    const update = field(n, 'update');
    const updateB = this.newBlock('block', update?.start ?? n.end);
    const cond = field(n, 'condition');
    if (cond) this.condition(cond, bodyB, after);
    else {
      this.edge(head, bodyB, 'normal');
      this.cur = null;
    }
    this.cur = bodyB;
    this.loopBody(bodyNode, after, updateB);
    this.edge(this.cur, updateB, 'normal');
    if (update) updateB.items.push({ kind: 'stmt', node: update });
    this.edge(updateB, head, 'loop');
    this.cur = after;
  }

  private switchStatement(n: SNode): void {
    const cond = field(n, 'condition');
    const sw = this.current(n.start);
    const dispatch = sw.items.length ? this.startBlock('branch', n.start) : sw;
    dispatch.kind = 'branch';
    if (cond) dispatch.items.push({ kind: 'switch', node: unparen(cond) });
    this.cur = null;
    const after = this.newBlock('block', n.end);
    this.breaks.push({ block: after, depth: this.scopes.length });
    const body = field(n, 'body');
    let hasDefault = false;
    this.scopes.push({ node: body ?? n, guards: [] });
    for (const c of body ? named(body) : []) {
      if (c.type === 'case_statement') {
        const value = field(c, 'value');
        const caseB = this.newBlock('label', c.start);
        caseB.label = value ? `case ${this.text(value)}` : 'default';
        if (!value) hasDefault = true;
        this.edge(dispatch, caseB, value ? 'case' : 'default', value ? this.text(value) : undefined);
        this.edge(this.cur, caseB, 'fallthrough');
        this.cur = caseB;
        this.caseBody(c);
      } else {
        this.statement(c);
      }
    }
    this.scopes.pop();
    this.breaks.pop();
    if (!hasDefault) this.edge(dispatch, after, 'default');
    this.edge(this.cur, after, 'normal');
    this.cur = after;
  }

  private caseBody(c: SNode): void {
    for (const s of c.children) if (s.named && s.field !== 'value') this.statement(s);
  }

  private collectLabels(): void {
    walk(this.fn.body, (n) => {
      if (n.type === 'labeled_statement') {
        const label = field(n, 'label');
        if (!label) return true;
        const ancestors = new Set<SNode>();
        for (let p = n.parent; p; p = p.parent) ancestors.add(p);
        const block = this.newBlock('label', n.start);
        block.label = this.text(label);
        this.labels.set(block.label, { block, ancestors });
      }
      return true;
    });
  }

  private labeled(n: SNode): void {
    const label = field(n, 'label');
    const target = label ? this.labels.get(this.text(label)) : undefined;
    if (target) {
      this.edge(this.cur, target.block, 'normal');
      this.cur = target.block;
    }
    for (const c of named(n)) if (c.field !== 'label') this.statement(c);
  }

  private gotoStatement(n: SNode): void {
    const label = field(n, 'label');
    const name = label ? this.text(label) : '';
    const target = this.labels.get(name);
    const from = this.current(n.start);
    if (!target) {
      this.notes.push(`goto ${name} at line ${this.file.lines.line(n.start)}: no such label in ${this.fn.name}()`);
      this.cur = null;
      return;
    }
    // Guards of scopes that do not enclose the label are released on the way out.
    const leaving: GuardRef[] = [];
    for (let k = this.scopes.length - 1; k >= 0 && !target.ancestors.has(this.scopes[k].node); k--) leaving.push(...[...this.scopes[k].guards].reverse());
    if (leaving.length) from.items.push({ kind: 'guard-exit', guards: leaving, line: this.file.lines.line(n.start) });
    this.edge(from, target.block, 'goto', name, this.file.lines.line(n.start));
    this.cur = null;
  }

  private returnStatement(n: SNode): void {
    const block = this.current(n.start);
    const value = named(n).find((c) => c.type !== 'comment') ?? null;
    block.items.push({ kind: 'return', node: n, value, line: this.file.lines.line(n.start) });
    this.releaseScopes(block, 0, n.start);
    this.edge(block, this.exit, 'return');
    this.cur = null;
  }

  private jump(n: SNode, targets: JumpTarget[], kind: 'break' | 'continue'): void {
    const target = targets[targets.length - 1];
    const block = this.current(n.start);
    if (!target) {
      this.notes.push(`${kind} at line ${this.file.lines.line(n.start)} outside a loop`);
      this.cur = null;
      return;
    }
    this.releaseScopes(block, target.depth, n.start);
    this.edge(block, target.block, kind, undefined, this.file.lines.line(n.start));
    this.cur = null;
  }

  /** Appends the release of every guard in scopes deeper than `depth`. */
  private releaseScopes(block: CfgBlock, depth: number, offset: number): void {
    const guards: GuardRef[] = [];
    for (let k = this.scopes.length - 1; k >= depth; k--) guards.push(...[...this.scopes[k].guards].reverse());
    if (guards.length) block.items.push({ kind: 'guard-exit', guards, line: this.file.lines.line(offset) });
  }

  private scopedGuard(n: SNode): void {
    const macro = this.file.scopedGuards.get(n.start)!;
    const cond = field(n, 'condition');
    const lockArgs = this.argNodes(cond, macro.args);
    const guard: GuardRef = { guardClass: macro.guardClass, args: lockArgs, node: n };
    const body = field(n, 'consequence');
    const conditional = macro.fail !== null || (this.guards.get(macro.guardClass)?.conditional ?? TRY_GUARD.test(macro.guardClass));
    const bodyB = this.newBlock('block', body?.start ?? n.start);
    const after = this.newBlock('block', n.end);
    if (conditional) {
      const b = this.startBlock('branch', n.start);
      b.tryGuard = guard;
      this.edge(b, bodyB, 'true');
      if (macro.fail) {
        const failB = this.newBlock('block', macro.fail.start);
        this.edge(b, failB, 'false');
        this.cur = failB;
        this.failAction(this.file.text.slice(macro.fail.start, macro.fail.end).trim(), macro.fail.start);
      } else {
        this.edge(b, after, 'false');
      }
    } else {
      this.edge(this.cur, bodyB, 'normal');
    }
    this.cur = bodyB;
    bodyB.items.push({ kind: 'guard-enter', guard });
    this.scopes.push({ node: n, guards: [guard] });
    if (body) this.statement(body);
    this.scopes.pop();
    if (this.cur) this.cur.items.push({ kind: 'guard-exit', guards: [guard], line: this.file.lines.line(n.end - 1) });
    this.edge(this.cur, after, 'normal');
    this.cur = after;
  }

  /** The lock argument nodes of a scoped guard: those of the condition's comma list inside the recorded ranges. */
  private argNodes(cond: SNode | undefined, ranges: Array<{ start: number; end: number }>): SNode[] {
    if (!cond) return [];
    const found: SNode[] = [];
    walk(cond, (x) => {
      if (!x.named) return true;
      const r = ranges.find((r) => r.start === x.start && r.end === x.end);
      if (r) {
        found.push(x);
        return false;
      }
      return true;
    });
    return found;
  }

  /** `scoped_cond_guard`'s fail action: `return -EINTR`, `goto out`, `break`. */
  private failAction(action: string, offset: number): void {
    const block = this.current(offset);
    const line = this.file.lines.line(offset);
    const gotoMatch = /^goto\s+(\w+)/.exec(action);
    if (gotoMatch && this.labels.has(gotoMatch[1])) {
      this.edge(block, this.labels.get(gotoMatch[1])!.block, 'goto', gotoMatch[1], line);
    } else if (/^(?:break|continue)\b/.test(action)) {
      const target = (action.startsWith('break') ? this.breaks : this.continues).at(-1);
      if (target) this.edge(block, target.block, action.startsWith('break') ? 'break' : 'continue', undefined, line);
    } else {
      const value = /^return\s+(.+)$/.exec(action)?.[1];
      block.items.push({ kind: 'return', node: null, value: null, line, ...(value ? { valueText: value } : {}) });
      this.releaseScopes(block, 0, offset);
      this.edge(block, this.exit, 'return');
    }
    this.cur = null;
  }

  private preprocConditional(n: SNode): void {
    const alt = field(n, 'alternative');
    const withX = () => {
      for (const c of named(n)) if (c !== alt && c.field !== 'condition' && c.field !== 'name') this.statement(c);
    };
    this.eitherConfiguration(n, n.end, withX, alt);
  }

  /**
   * Configuration decides: either the conditional's own code (`withX`) or `otherwise` (the
   * code compiled without it; none: nothing) may be compiled in. The arms join at `end`.
   * A constant condition decides alone.
   */
  private eitherConfiguration(n: SNode, end: number, withX: () => void, otherwise: SNode | undefined): void {
    const config = configurationOf(n, this.file.text);
    // `#if 0` (or `#if 1`): the compiler only ever sees one of the two.
    if (config && /^\d+$/.test(config.key)) {
      if (Number(config.key) !== 0) withX();
      else if (otherwise) this.statement(otherwise);
      return;
    }
    const branch = this.startBlock('branch', n.start);
    if (config) branch.config = config;
    const thenB = this.newBlock('block', n.start);
    const join = this.newBlock('block', end);
    const elseB = otherwise ? this.newBlock('block', otherwise.start) : join;
    this.edge(branch, thenB, 'true');
    this.edge(branch, elseB, 'false');
    this.cur = thenB;
    withX();
    this.edge(this.cur, join, 'normal');
    if (otherwise) {
      this.cur = elseB;
      this.statement(otherwise);
      this.edge(this.cur, join, 'normal');
    }
    this.cur = join;
  }

  private markReachable(): void {
    const stack = [0];
    while (stack.length) {
      const b = this.blocks[stack.pop()!];
      if (b.reachable) continue;
      b.reachable = true;
      for (const e of b.succ) stack.push(e.to);
    }
  }
}

/**
 * What a preprocessor conditional tests, as one key for every spelling (`#ifdef X`,
 * `#if defined(X)`, `#ifndef X` negated), so that two conditionals on one option in a
 * function are compiled in or out together.
 */
function configurationOf(n: SNode, text: string): { key: string; negated: boolean } | undefined {
  const name = field(n, 'name');
  if (name) return { key: `defined(${text.slice(name.start, name.end)})`, negated: /ndef$/.test(n.children[0]?.type ?? '') };
  const cond = field(n, 'condition');
  if (!cond) return undefined;
  let key = text.slice(cond.start, cond.end).replace(/\s+/g, '').replace(/\bdefined([A-Za-z_]\w*)/g, 'defined($1)');
  let negated = false;
  const not = /^!(defined\([A-Za-z_]\w*\))$/.exec(key);
  if (not) [key, negated] = [not[1], true];
  return { key, negated };
}

/** The `if` of a preprocessor conditional that ends in `if (...) ... else` with its else branch after the `#endif`. */
function danglingElse(n: SNode, text: string): SNode | undefined {
  if (n.type !== 'preproc_ifdef' && n.type !== 'preproc_if') return undefined;
  const kids = named(n);
  const last = kids[kids.length - 1];
  const before = kids[kids.length - 2];
  if (!last || !before || last.type !== 'ERROR' || text.slice(last.start, last.end).trim() !== 'else') return undefined;
  return before.type === 'if_statement' && !field(before, 'alternative') ? before : undefined;
}

export type { CfgItem };

/**
 * The conditional a statement's value is (`a = b = (c) ? f() : g();`, `T *p = c ? f() : g();`),
 * when an arm calls something: what the statement does depends on the condition. GNU `c ?: g()`
 * keeps its one evaluation.
 */
function armedConditional(n: SNode): { test: SNode; yes: SNode; no: SNode } | undefined {
  const inits = n.type === 'declaration' ? n.children.filter((c) => c.type === 'init_declarator') : [];
  const value = n.type === 'expression_statement' ? n.children.find((c) => c.named) : inits.length === 1 ? field(inits[0], 'value') : undefined;
  let e = value && unparen(value);
  while (e?.type === 'assignment_expression' && operator(e) === '=') {
    const right = field(e, 'right');
    e = right && unparen(right);
  }
  if (e?.type !== 'conditional_expression') return undefined;
  const test = field(e, 'condition');
  const yes = field(e, 'consequence');
  const no = field(e, 'alternative');
  return test && yes && no && [yes, no].some(containsCall) ? { test, yes, no } : undefined;
}

function containsCall(n: SNode): boolean {
  let found = false;
  walk(n, (x) => {
    if (x.type === 'call_expression') found = true;
    return !found;
  });
  return found;
}

/** The calls in an expression that are not inside another call's arguments. */
function outerCalls(n: SNode | null | undefined): SNode[] {
  const out: SNode[] = [];
  if (n)
    walk(n, (x) => {
      if (x.type !== 'call_expression') return true;
      out.push(x);
      return false;
    });
  return out;
}
