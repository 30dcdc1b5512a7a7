/**
 * Calls that are neither in the code under review nor in the model, by the
 * knowledge document's classes: logging prints, config tests and questions
 * the model cannot answer are explored both ways, reference counts act on
 * the model's objects, pointer getters give an object, NULL or an error.
 * Each assumption is handed to `assume` (the report lists it once); a call
 * in no class has no model (the run stops, and is counted).
 */
import type { Knowledge } from '../knowledge';
import { field, walk, type SNode } from '../syntax';
import { counted, logModel } from './kernel';
import type { CallCtx, ModelFunction } from './model';
import { CONSTANTS } from './kernel';

export type ConfigValue = 'y' | 'n' | 'm';

export interface Unknowns {
  knowledge: Knowledge;
  /** Options fixed by `--config CONFIG_X=y`; the rest are y or n, both explored (configOff: n). */
  config: ReadonlyMap<string, ConfigValue>;
  assume(text: string): void;
}

/** What a call of `name` does when the model has no entry for it, or undefined. */
export function unknownModel(name: string, call: SNode, text: string, u: Unknowns): ModelFunction | undefined {
  const { calls, simulator: c } = u.knowledge;
  if (calls.logging.has(name)) return logModel(name);
  if (c.configPredicates.has(name)) return configTest(name, u);
  if (c.noOps.has(name)) return noOp(name, u);
  if (c.referenceGetters.has(name)) return reference(name, 'get', u);
  if (c.referencePutters.has(name)) return reference(name, 'put', u);
  if (c.predicates.has(name)) return predicate(name, u);
  if (c.conversions.has(name)) return conversion(name, u);
  if (c.pointerGetters.has(name) || initialisesPointer(call, text)) return pointerGetter(name, u);
  return undefined;
}

/** `struct x *p = f(...)`, or `p = f(...)` of a pointer `p` declared before: the variable says f returns a pointer. */
function initialisesPointer(call: SNode, text: string): boolean {
  let known = pointerCalls.get(call);
  if (known === undefined) pointerCalls.set(call, (known = assignsPointer(call, text)));
  return known;
}

/** By call node: a call runs many times, its syntax does not change. */
const pointerCalls = new WeakMap<SNode, boolean>();

function assignsPointer(call: SNode, text: string): boolean {
  let n = call;
  while (n.parent && (n.parent.type === 'parenthesized_expression' || n.parent.type === 'cast_expression')) n = n.parent;
  const parent = n.parent;
  if (parent?.type === 'init_declarator') return field(parent, 'declarator')?.type === 'pointer_declarator';
  const left = parent?.type === 'assignment_expression' && field(parent, 'right') === n ? field(parent, 'left') : undefined;
  return left?.type === 'identifier' && declaredPointer(parent!, text.slice(left.start, left.end), text);
}

/** Whether the function around `at` declares `name` (a parameter or a local) as a pointer. */
function declaredPointer(at: SNode, name: string, text: string): boolean {
  let fn: SNode | null = at;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  let found = false;
  if (fn) {
    walk(fn, (d) => {
      const inner = d.type === 'pointer_declarator' ? field(d, 'declarator') : undefined;
      if (inner?.type === 'identifier' && text.slice(inner.start, inner.end) === name) found = true;
      return !found;
    });
  }
  return found;
}

/** IS_ENABLED(CONFIG_X): one answer per option and run (y or n explored unless fixed). */
function configTest(name: string, u: Unknowns): ModelFunction {
  return {
    raw: true,
    quiet: true,
    *run(x) {
      const option = x.argNodes[0] ? x.src.text.slice(x.argNodes[0].start, x.argNodes[0].end).trim() : '';
      let value = u.config.get(option) ?? (u.knowledge.configOff.has(option) ? 'n' : undefined);
      if (value === undefined) {
        u.assume(`${option} may be y or n (${name}): both explored`);
        value = x.m.answer(x, `${option}=`, ['y', 'n']) as ConfigValue;
      }
      const v = name === 'IS_BUILTIN' ? value === 'y' : name === 'IS_MODULE' ? value === 'm' : value !== 'n';
      x.m.event(x, 'assume', `${x.text} = ${v ? 1 : 0} (${option}=${value})`);
      return v ? 1 : 0;
    },
  };
}

function noOp(name: string, u: Unknowns): ModelFunction {
  return {
    quiet: true,
    *run() {
      u.assume(`${name}() changes nothing the model sees`);
      return 0;
    },
  };
}

/** kobject_get(&group->kobj) / kobject_put(...): the count of the object the argument points into. */
function reference(name: string, op: 'get' | 'put', u: Unknowns): ModelFunction {
  return {
    raw: true,
    quiet: true,
    *run(x) {
      u.assume(op === 'get' ? `${name}() takes a reference on the object it is given` : `${name}() drops a reference on the object it is given; the last one frees it`);
      const target = yield* counted(x);
      if (!target) return 0;
      if (op === 'get') yield* x.m.get(x, target, x.text);
      else yield* x.m.put(x, target, x.text);
      return 0;
    },
  };
}

/** dev_is_pci(dev): 0 or 1, the same for the same arguments within a run. */
function predicate(name: string, u: Unknowns): ModelFunction {
  return {
    quiet: true,
    *run(x, args) {
      u.assume(`${name}() may return 0 or 1: both explored`);
      const v = Number(x.m.answer(x, `${name}(${args.map((a) => x.m.label(a)).join(', ')}) = `, ['0', '1']));
      x.m.event(x, 'assume', `${x.text} = ${v} (assumed)`);
      return v;
    },
  };
}

/** to_pci_dev(dev): the object the argument converts to, never NULL; the same one for the same argument within a run. */
function conversion(name: string, u: Unknowns): ModelFunction {
  return {
    quiet: true,
    *run(x, args) {
      u.assume(`${name}() returns an object the model does not have (never NULL)`);
      return x.m.derived(`${name}(${args.map((a) => x.m.label(a)).join(', ')})`, () => x.m.newObject('unknown', `${name}(${x.m.label(args[0])})`, {}));
    },
  };
}

const ENOMEM = -CONSTANTS.ENOMEM;

/**
 * A pointer the model does not have: a new object, NULL or ERR_PTR(-ENOMEM).
 * The code tests for the failures it expects; dereferencing one it does not
 * test ends the run as an unhandled answer, not a finding.
 */
function pointerGetter(name: string, u: Unknowns): ModelFunction {
  return {
    quiet: true,
    *run(x: CallCtx) {
      u.assume(`${name}() may return a new object, NULL or ERR_PTR(-ENOMEM): all explored`);
      const pick = x.m.choose(x, `${name}() = `, ['object', 'NULL', 'ERR_PTR(-ENOMEM)']);
      const v = pick === 0 ? x.m.newObject('unknown', `${name}()`, {}) : pick === 1 ? 0 : ENOMEM;
      if (pick) x.m.assumeFailure(v, `${name}() = ${pick === 1 ? 'NULL' : 'ERR_PTR(-ENOMEM)'}`);
      x.m.event(x, 'assume', `${x.text} = ${x.m.label(v)} (assumed)`);
      return v;
    },
  };
}
