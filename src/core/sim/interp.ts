/**
 * The interpreter: executes the functions under review by walking their
 * syntax trees. Calls go to the code under review first, then to the model
 * tables, then the knowledge's classes of calls it has no model of
 * (unknown.ts); anything else stops the run with the missing function's name.
 */
import { field, named, operator, unparen, type FunctionInfo, type SNode } from '../syntax';
import { SimStop, site, type Frame, type G, type Machine, type Source, type Thread } from './machine';
import type { CallCtx, ModelFunction, ModelTable } from './model';
import { CONSTANTS, guardSleeps, iterator } from './kernel';
import { isFn, isPtr, ptr, same, toInt, truthy } from './values';
import { Call } from './call';
import { argsOfCall, commaList, declName, findNodeAt, hasLabel, kids } from './tree';
import { arith, parseNumber, parseString } from './literals';
import type { Value } from './types';

export interface CodeFunction {
  fn: FunctionInfo;
  src: Source;
}

/** Nested calls a run may make: deep enough for kernel code, short of the JS stack. */
const MAX_DEPTH = 64;

type Completion = undefined | { k: 'break' } | { k: 'continue' } | { k: 'return'; v: Value } | { k: 'goto'; label: string };

/** Records which returns and branch outcomes of the function under test ran. */
export interface CoverageSink {
  function: string;
  hit(key: string): void;
}

export class Interpreter {
  constructor(
    readonly machine: Machine,
    private readonly code: Map<string, CodeFunction>,
    private readonly model: ModelTable,
    /** What a call not in the code nor in the model does (logging, config tests, ...), or undefined. */
    private readonly fallback: (name: string, call: SNode, text: string) => ModelFunction | undefined,
    private readonly cov?: CoverageSink,
    /** Functions run although only part of them is known (a base-less patch). */
    private readonly partialRun?: Set<string>,
  ) {}

  /** A thread's body: a snippet of statements run in a frame of its own. */
  *runSnippet(t: Thread, src: Source, body: SNode): G<Value> {
    const frame: Frame = { name: `<${t.name}>`, src, locals: new Map(), at: body.start };
    t.frames.push(frame);
    let result: Value;
    for (const stmt of kids(body)) {
      const e = stmt.type === 'expression_statement' ? kids(stmt)[0] : stmt;
      result = yield* this.eval(t, src, e);
    }
    t.frames.pop();
    return result;
  }

  *callFunction(t: Thread, code: CodeFunction, args: Value[], callSite: { line: number; text: string }): G<Value> {
    const { fn, src } = code;
    if (t.frames.length >= MAX_DEPTH) throw new SimStop(`call depth limit (${MAX_DEPTH} nested calls, in ${fn.name})`);
    if (fn.partial) this.partialRun?.add(fn.name);
    const locals = new Map<string, Value>();
    fn.params.forEach((p, k) => locals.set(p.name, args[k]));
    t.frames.push({ name: fn.name, src, locals, at: fn.body.start });
    this.machine.trace.push({ thread: t.name, line: callSite.line, kind: 'call', text: callSite.text });
    const c = yield* this.exec(t, src, fn.body);
    if (c?.k === 'goto') throw new SimStop(`error: goto ${c.label} in ${fn.name}: label not found in an enclosing block`);
    t.frames.pop();
    const v = c?.k === 'return' ? c.v : undefined;
    this.machine.trace.push({ thread: t.name, line: src.lines.line(fn.end - 1), kind: 'return', text: `${fn.name}() returns ${this.machine.label(v)}` });
    return v;
  }

  // ---- statements

  private frame(t: Thread): Frame {
    return t.frames[t.frames.length - 1];
  }

  private text(src: Source, n: SNode): string {
    return src.text.slice(n.start, n.end);
  }

  private cover(t: Thread, key: string): void {
    if (this.cov && this.frame(t).name === this.cov.function) this.cov.hit(key);
  }

  private *exec(t: Thread, src: Source, n: SNode): G<Completion> {
    this.machine.tick();
    if (n.missing || n.type === 'ERROR') throw syntaxError(src, n);
    this.frame(t).at = n.start;
    switch (n.type) {
      case 'compound_statement':
        return yield* this.block(t, src, kids(n));
      case 'expression_statement': {
        const e = kids(n)[0];
        if (e) yield* this.eval(t, src, e);
        return undefined;
      }
      case 'declaration':
        return yield* this.declaration(t, src, n);
      case 'if_statement':
        return yield* this.ifStatement(t, src, n);
      case 'while_statement':
        return src.loops.has(n.start) ? yield* this.iterate(t, src, n) : yield* this.loop(t, src, n, field(n, 'condition'), undefined, false);
      case 'do_statement':
        return yield* this.loop(t, src, n, field(n, 'condition'), undefined, true);
      case 'for_statement': {
        const init = field(n, 'initializer');
        if (init) {
          if (init.type === 'declaration') yield* this.declaration(t, src, init);
          else yield* this.eval(t, src, init);
        }
        return yield* this.loop(t, src, n, field(n, 'condition'), field(n, 'update'), false);
      }
      case 'switch_statement':
        return yield* this.switchStatement(t, src, n);
      case 'break_statement':
        return { k: 'break' };
      case 'continue_statement':
        return { k: 'continue' };
      case 'return_statement': {
        const e = kids(n)[0];
        const v = e ? (this.quick(t, src, e) ?? (yield* this.eval(t, src, e))) : undefined;
        this.cover(t, `R${n.start}`);
        return { k: 'return', v };
      }
      case 'goto_statement':
        return { k: 'goto', label: this.text(src, field(n, 'label')!) };
      case 'labeled_statement': {
        const inner = named(n).find((c) => c.field !== 'label' && c.type !== 'statement_identifier');
        return inner ? yield* this.exec(t, src, inner) : undefined;
      }
      case 'comment':
      case 'type_definition':
      case 'struct_specifier':
      case ';':
        return undefined;
      default:
        throw new SimStop(`error: cannot simulate a ${n.type} (line ${src.lines.line(n.start)})`);
    }
  }

  /** Runs statements in order; a goto to a label among them resumes there. */
  private *block(t: Thread, src: Source, stmts: SNode[]): G<Completion> {
    for (let k = 0; k < stmts.length; k++) {
      const c = yield* this.exec(t, src, stmts[k]);
      if (!c) continue;
      if (c.k !== 'goto') return c;
      const target = stmts.findIndex((s) => hasLabel(src, s, c.label));
      if (target < 0) return c;
      k = target - 1;
    }
    return undefined;
  }

  private *declaration(t: Thread, src: Source, n: SNode): G<Completion> {
    const locals = this.frame(t).locals;
    for (const d of n.children) {
      if (d.field !== 'declarator') continue;
      if (d.type === 'init_declarator') {
        const value = field(d, 'value');
        const v = value && value.type !== 'initializer_list' ? yield* this.eval(t, src, value) : 0;
        locals.set(declName(src, field(d, 'declarator')!), v);
      } else if (d.type === 'identifier' && field(n, 'type')?.type === 'struct_specifier') {
        locals.set(declName(src, d), ptr(this.machine.heap.alloc(this.text(src, field(n, 'type')!), this.text(src, d), {}, { onStack: true }).id));
      } else if (d.type !== 'function_declarator') {
        locals.set(declName(src, d), undefined);
      }
    }
    return undefined;
  }

  private *ifStatement(t: Thread, src: Source, n: SNode): G<Completion> {
    const guard = src.scopedGuards.get(n.start);
    if (guard) return yield* this.scopedGuard(t, src, n, guard.guardClass, guard.args);
    const yes = truthy(yield* this.eval(t, src, field(n, 'condition')!));
    this.cover(t, `B${n.start}:${yes ? 1 : 0}`);
    if (yes) return yield* this.exec(t, src, field(n, 'consequence')!);
    const alt = field(n, 'alternative');
    if (!alt) return undefined;
    return alt.type === 'else_clause' ? yield* this.block(t, src, kids(alt)) : yield* this.exec(t, src, alt);
  }

  /** `scoped_guard(mutex, &m) { }`: lock, run the scope, unlock on every way out. */
  private *scopedGuard(t: Thread, src: Source, n: SNode, cls: string, args: Array<{ start: number; end: number }>): G<Completion> {
    const lockNode = field(n, 'condition')!;
    const s = site(t, src, lockNode, `scoped_guard(${cls}, ${args.map((a) => src.text.slice(a.start, a.end)).join(', ')})`);
    const argNode = findNodeAt(lockNode, args[0]);
    const lock = argNode ? yield* this.eval(t, src, argNode) : undefined;
    const sleeping = guardSleeps(cls);
    yield* this.machine.lock(s, lock, sleeping);
    const c = yield* this.exec(t, src, field(n, 'consequence')!);
    yield* this.machine.unlock(s, lock, sleeping);
    return c;
  }

  private *loop(t: Thread, src: Source, n: SNode, cond: SNode | undefined, update: SNode | undefined, doWhile: boolean): G<Completion> {
    const body = field(n, 'body')!;
    for (let first = true; ; first = false) {
      this.machine.tick();
      if (!(doWhile && first) && cond) {
        const go = truthy(yield* this.eval(t, src, cond));
        this.cover(t, `B${n.start}:${go ? 1 : 0}`);
        if (!go) return undefined;
      }
      const c = yield* this.exec(t, src, body);
      if (c?.k === 'break') return undefined;
      if (c && c.k !== 'continue') return c;
      if (update) yield* this.eval(t, src, update);
    }
  }

  /** `list_for_each_entry(pos, head, member)` and kin, rewritten to `while (...)` by the parser. */
  private *iterate(t: Thread, src: Source, n: SNode): G<Completion> {
    const macro = src.loops.get(n.start)!;
    const spec = iterator(macro.macro);
    const s = site(t, src, n, `${macro.macro}(${src.text.slice(macro.argsStart, macro.argsEnd)})`);
    if (!spec) throw new SimStop(`error: the iterator ${macro.macro}() is not in the model (line ${s.line})`);
    const args = commaList(unparen(field(n, 'condition')!));
    let head = yield* this.machine.touch(s, yield* this.eval(t, src, args[spec.head]), s.text);
    // for_each_group_device(group, gdev) walks group->devices.
    if (spec.member) head = yield* this.machine.touch(s, head.fields[spec.member], s.text);
    const key = `#iter${n.start}`;
    const locals = this.frame(t).locals;
    const snapshot = spec.safe ? [...(head.items ?? [])] : undefined;
    for (let k = 0; ; k++) {
      this.machine.tick();
      locals.set(key, k);
      const items = snapshot ?? (yield* this.machine.touch(s, ptr(head.id), s.text)).items ?? [];
      const more = k < items.length;
      this.cover(t, `B${n.start}:${more ? 1 : 0}`);
      if (!more) break;
      yield* this.assign(t, src, args[spec.pos], ptr(items[k]));
      const c = yield* this.exec(t, src, field(n, 'body')!);
      if (c?.k === 'break') break;
      if (c && c.k !== 'continue') return c;
    }
    locals.delete(key);
    return undefined;
  }

  private *switchStatement(t: Thread, src: Source, n: SNode): G<Completion> {
    const v = yield* this.eval(t, src, field(n, 'condition')!);
    const cases = named(field(n, 'body')!).filter((c) => c.type === 'case_statement');
    let from = -1;
    for (let k = 0; k < cases.length && from < 0; k++) {
      const value = field(cases[k], 'value');
      if (value && same(yield* this.eval(t, src, value), v)) from = k;
    }
    if (from < 0) from = cases.findIndex((c) => !field(c, 'value'));
    if (from < 0) return undefined;
    this.cover(t, `C${cases[from].start}`);
    const stmts = cases.slice(from).flatMap((c) => named(c).filter((s) => s.field !== 'value'));
    const c = yield* this.block(t, src, stmts);
    return c?.k === 'break' ? undefined : c;
  }

  // ---- expressions

  *eval(t: Thread, src: Source, n: SNode): G<Value> {
    this.machine.tick();
    if (n.missing || n.type === 'ERROR') throw syntaxError(src, n);
    switch (n.type) {
      case 'number_literal':
        return parseNumber(this.text(src, n));
      case 'string_literal':
        return parseString(this.text(src, n));
      case 'concatenated_string':
        return named(n).map((c) => parseString(this.text(src, c))).join('');
      case 'char_literal':
        return parseString(this.text(src, n)).charCodeAt(0) || 0;
      case 'true':
        return 1;
      case 'false':
      case 'null':
        return 0;
      case 'identifier':
        return this.lookup(t, src, n);
      case 'parenthesized_expression':
      case 'cast_expression': {
        const inner = n.type === 'cast_expression' ? field(n, 'value')! : kids(n)[0];
        return yield* this.eval(t, src, inner);
      }
      case 'sizeof_expression':
        return 8;
      case 'field_expression': {
        const arg = field(n, 'argument')!;
        const base = this.quick(t, src, arg) ?? (yield* this.eval(t, src, arg));
        const obj = yield* this.machine.touch(site(t, src, n), base, this.text(src, n));
        return readField(obj.fields, this.text(src, field(n, 'field')!));
      }
      case 'pointer_expression': {
        // `&group->mutex`: embedded members are objects already; `*p` is the object itself.
        const arg = field(n, 'argument')!;
        if (operator(n) === '&' && arg.type === 'identifier') {
          const local = this.frame(t).locals.get(this.text(src, arg));
          if (isPtr(local) && this.machine.heap.get(local.ptr).onStack) return local;
          throw new SimStop(`error: the address of a variable (${this.text(src, n)}) is not modelled`);
        }
        return yield* this.eval(t, src, arg);
      }
      case 'unary_expression': {
        const v = yield* this.eval(t, src, field(n, 'argument')!);
        const op = operator(n);
        if (op === '!') return truthy(v) ? 0 : 1;
        if (op === '-') return -toInt(v);
        if (op === '~') return ~toInt(v);
        return v;
      }
      case 'binary_expression':
        return yield* this.binary(t, src, n);
      case 'assignment_expression':
        return yield* this.assignment(t, src, n);
      case 'update_expression': {
        const arg = field(n, 'argument')!;
        const old = toInt(yield* this.eval(t, src, arg));
        const now = operator(n) === '++' ? old + 1 : old - 1;
        yield* this.assign(t, src, arg, now);
        return n.children[0].named ? old : now;
      }
      case 'conditional_expression': {
        const c = yield* this.eval(t, src, field(n, 'condition')!);
        this.cover(t, `B${n.start}:${truthy(c) ? 1 : 0}`);
        const yes = field(n, 'consequence');
        if (truthy(c)) return yes ? yield* this.eval(t, src, yes) : c;
        return yield* this.eval(t, src, field(n, 'alternative')!);
      }
      case 'comma_expression':
        yield* this.eval(t, src, field(n, 'left')!);
        return yield* this.eval(t, src, field(n, 'right')!);
      case 'call_expression':
        return yield* this.call(t, src, n);
      case 'subscript_expression': {
        const base = yield* this.eval(t, src, field(n, 'argument')!);
        const k = toInt(yield* this.eval(t, src, field(n, 'index')!));
        if (typeof base === 'string') return k < base.length ? base.charCodeAt(k) : 0;
        throw new SimStop(`error: arrays are not modelled (${this.text(src, n)}, line ${src.lines.line(n.start)})`);
      }
      case 'initializer_list':
        return 0;
      default:
        throw new SimStop(`error: cannot simulate the expression ${this.text(src, n).slice(0, 40)} (${n.type}, line ${src.lines.line(n.start)})`);
    }
  }

  /** Names and literals, without a generator: most operands are one of them. */
  private quick(t: Thread, src: Source, n: SNode): Value {
    switch (n.type) {
      case 'identifier':
        this.machine.tick();
        return this.lookup(t, src, n);
      case 'number_literal':
        this.machine.tick();
        return parseNumber(this.text(src, n));
      default:
        return undefined;
    }
  }

  private lookup(t: Thread, src: Source, n: SNode): Value {
    const name = this.text(src, n);
    const locals = this.frame(t).locals;
    if (locals.has(name)) {
      const v = locals.get(name);
      if (v === undefined) {
        const s = site(t, src, n);
        throw new SimStop('uninitialised', this.machine.violate(s, 'sim/invariant', `${name} is read before it is set (line ${s.line}, in ${this.frame(t).name})`));
      }
      return v;
    }
    if (this.machine.names.has(name)) return this.machine.names.get(name);
    if (name in CONSTANTS) return CONSTANTS[name];
    if (this.code.has(name) || name in this.model) return { fn: name };
    throw new SimStop(`error: unknown name ${name} (line ${src.lines.line(n.start)})`);
  }

  private *binary(t: Thread, src: Source, n: SNode): G<Value> {
    const op = operator(n)!;
    const left = field(n, 'left')!;
    const a = this.quick(t, src, left) ?? (yield* this.eval(t, src, left));
    if (op === '&&' || op === '||') {
      if (op === '&&' ? !truthy(a) : truthy(a)) return op === '||' ? 1 : 0;
      return truthy(yield* this.eval(t, src, field(n, 'right')!)) ? 1 : 0;
    }
    const right = field(n, 'right')!;
    const b = this.quick(t, src, right) ?? (yield* this.eval(t, src, right));
    if (op === '==') return same(a, b) ? 1 : 0;
    if (op === '!=') return same(a, b) ? 0 : 1;
    return arith(op, toInt(a), toInt(b));
  }

  private *assignment(t: Thread, src: Source, n: SNode): G<Value> {
    const left = field(n, 'left')!;
    const op = operator(n)!;
    const right = field(n, 'right')!;
    let v = this.quick(t, src, right) ?? (yield* this.eval(t, src, right));
    if (op !== '=') v = arith(op.slice(0, -1), toInt(yield* this.eval(t, src, left)), toInt(v));
    yield* this.assign(t, src, left, v);
    return v;
  }

  *assign(t: Thread, src: Source, target: SNode, v: Value): G<void> {
    const n = unparen(target);
    if (n.type === 'identifier') {
      const name = this.text(src, n);
      const locals = this.frame(t).locals;
      if (!locals.has(name) && this.machine.names.has(name)) this.machine.names.set(name, v);
      else locals.set(name, v);
      return;
    }
    if (n.type === 'field_expression') {
      const obj = yield* this.machine.touch(site(t, src, n), yield* this.eval(t, src, field(n, 'argument')!), this.text(src, n));
      obj.fields[this.text(src, field(n, 'field')!)] = v;
      return;
    }
    throw new SimStop(`error: cannot assign to ${this.text(src, n)} (line ${src.lines.line(n.start)})`);
  }

  // ---- calls

  private *call(t: Thread, src: Source, n: SNode): G<Value> {
    const callee = unparen(field(n, 'function')!);
    let name = callee.type === 'identifier' ? this.text(src, callee) : undefined;
    if (name === undefined || this.frame(t).locals.has(name)) {
      const f = yield* this.eval(t, src, callee);
      if (!isFn(f)) throw new SimStop(`error: ${this.text(src, callee)} is not a function (line ${src.lines.line(n.start)})`);
      name = f.fn;
    }
    const argNodes = argsOfCall(n);
    const x = this.ctx(t, src, n, argNodes);
    const code = this.code.get(name);
    const model = code ? undefined : (this.model[name] ?? this.fallback(name, n, src.text));
    if (!code && !model) {
      throw new SimStop(`error: ${name}() is neither in the code under review nor in the model (line ${x.line})`);
    }
    const args: Value[] = [];
    if (!model?.raw) for (const a of argNodes) args.push(this.quick(t, src, a) ?? (yield* this.eval(t, src, a)));
    if (code) return yield* this.callFunction(t, code, args, x);
    if (model!.failure && this.machine.faultFires(name)) {
      this.machine.event(x, 'fault', `${x.text} fails: ${model!.failure.text} (injected)`);
      return model!.failure.ret;
    }
    const v = yield* model!.run(x, args);
    if (!model!.quiet) this.machine.event(x, 'model', `${x.text} = ${this.machine.label(v)}`);
    return v;
  }

  /** Calls a function by name from a model function (the code under review wins). */
  *callByName(t: Thread, x: CallCtx, name: string, args: Value[]): G<Value> {
    const code = this.code.get(name);
    if (code) return yield* this.callFunction(t, code, args, { line: x.line, text: `${name}()` });
    const model = this.model[name];
    if (!model) throw new SimStop(`error: ${name}() is not in the model`);
    if (model.failure && this.machine.faultFires(name)) {
      this.machine.event(x, 'fault', `${name}() fails: ${model.failure.text} (injected)`);
      return model.failure.ret;
    }
    return yield* model.run(x.withText(`${x.text} -> ${name}()`), args);
  }

  private ctx(t: Thread, src: Source, n: SNode, argNodes: SNode[]): CallCtx {
    const s = site(t, src, n);
    return new Call(this, t, s.line, s.text, src, n, argNodes);
  }
}

function syntaxError(src: Source, n: SNode): SimStop {
  return new SimStop(`error: syntax error at line ${src.lines.line(n.start)} of ${src.path}`);
}

function readField(fields: Record<string, Value>, name: string): Value {
  // Kernel objects are zero-initialised: a field the model never set reads as 0.
  return name in fields ? fields[name] : 0;
}
