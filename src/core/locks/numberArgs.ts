/**
 * Whether an argument is only a number: a constant, a number-typed variable or field read
 * (`data->pwm1[nr]`, `reg`), or arithmetic and comparisons of those. A call handed such a value
 * is handed no object, so it cannot have released a lock of one (`i2c_smbus_write_byte_data(client,
 * reg, data->pwm1[nr])` leaves `data->update_lock` as it was). A pointer, an address, a call's
 * result or anything not known to be a number may lead to an object.
 */
import { field, isNumberType, operator, unparen, type ParsedFile, type SNode } from '../syntax';
import type { TypeEnv } from './typeEnv';
import { stripCasts } from './walkSyntax';

/** Operators whose result is a number whatever their operands are. */
const ALWAYS_NUMBER = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||', '!']);
/** Arithmetic on numbers (on a pointer, `+` and `-` give a pointer). */
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '~']);
/** Expressions are followed this deep at most: a longer one is not called a number. */
const MAX_DEPTH = 16;

export function onlyANumber(n: SNode, file: ParsedFile, env: TypeEnv | undefined, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const src = (x: SNode) => file.text.slice(x.start, x.end);
  const u = unparen(n);
  const number = (x: SNode | null | undefined) => !!x && onlyANumber(x, file, env, depth + 1);
  switch (u.type) {
    case 'number_literal':
    case 'char_literal':
    case 'true':
    case 'false':
    case 'sizeof_expression':
      return true;
    case 'identifier':
      return !!env?.get(src(u))?.number;
    case 'cast_expression': {
      // (`(unsigned long)dev` hands the object as a number: only a number cast stays one.)
      const type = field(u, 'type');
      return !!type && isNumberType(src(type)) && number(field(u, 'value'));
    }
    case 'binary_expression':
      return ALWAYS_NUMBER.has(operator(u) ?? '') || (ARITHMETIC.has(operator(u) ?? '') && number(field(u, 'left')) && number(field(u, 'right')));
    case 'unary_expression':
      return ALWAYS_NUMBER.has(operator(u) ?? '') || (ARITHMETIC.has(operator(u) ?? '') && number(field(u, 'argument')));
    case 'conditional_expression':
      return number(field(u, 'consequence')) && number(field(u, 'alternative'));
    case 'field_expression':
      return numberField(u, file, env) === 'value';
    case 'subscript_expression': {
      const array = field(u, 'argument');
      const inner = array && unparen(array);
      return inner?.type === 'field_expression' && numberField(inner, file, env) === 'array';
    }
    case 'call_expression': {
      // A function of the file that returns a number.
      const callee = field(u, 'function');
      return callee?.type === 'identifier' && numberFunctions(file).has(src(callee));
    }
    default:
      return false;
  }
}

const numberReturners = new WeakMap<ParsedFile, ReadonlySet<string>>();

/** The file's functions that return a number, once per file. */
function numberFunctions(file: ParsedFile): ReadonlySet<string> {
  let out = numberReturners.get(file);
  if (!out) numberReturners.set(file, (out = new Set(file.functions.filter((f) => isNumberType(f.returnType)).map((f) => f.name))));
  return out;
}

/** A field read's number shape, when the struct it is read from is known (`data->temp11` of `struct lm63_data *data`). */
function numberField(f: SNode, file: ParsedFile, env: TypeEnv | undefined): 'value' | 'array' | undefined {
  const name = field(f, 'field');
  const owner = field(f, 'argument');
  const struct = owner ? structOf(owner, file, env) : undefined;
  return struct && name ? file.numberFields?.get(struct)?.get(file.text.slice(name.start, name.end)) : undefined;
}

/** The struct an expression is (or points at): a variable's declared type, or a struct-typed field of one. */
function structOf(n: SNode, file: ParsedFile, env: TypeEnv | undefined, depth = 0): string | undefined {
  const u = stripCasts(unparen(n));
  if (depth > MAX_DEPTH) return undefined;
  if (u.type === 'identifier') return env?.get(file.text.slice(u.start, u.end))?.typeName;
  if (u.type === 'pointer_expression' && operator(u) === '*') {
    const arg = field(u, 'argument');
    return arg ? structOf(arg, file, env, depth + 1) : undefined;
  }
  if (u.type === 'subscript_expression') {
    const arg = field(u, 'argument');
    return arg ? structOf(arg, file, env, depth + 1) : undefined;
  }
  if (u.type !== 'field_expression') return undefined;
  const owner = field(u, 'argument');
  const name = field(u, 'field');
  const struct = owner ? structOf(owner, file, env, depth + 1) : undefined;
  const type = struct && name ? file.structs.get(struct)?.get(file.text.slice(name.start, name.end)) : undefined;
  return type && file.structs.has(type) ? type : undefined;
}
