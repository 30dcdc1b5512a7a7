/**
 * What a path knows a variable equals: `mode == A` decided true, a `case A:` taken, or, once two
 * ways have joined, one of several constants (`if (mode == A || mode == B) msleep(10);`). Kept in
 * a path's parameter values (ParamValues) so that a summary can say "sleeps only when this
 * argument is one of these" and a caller passing another constant is not told it sleeps.
 */
import { CONSTANT_NAME } from '../syntax';
import { integerLiteral } from './expr';

/** A constant as a test or an argument writes it: an upper-case name or an integer. */
const CONSTANT = /^(?:[A-Z_][A-Z0-9_]*|\d+[uUlL]*|0[xX][0-9a-fA-F]+[uUlL]*)$/;
const VARIABLE = /^[A-Za-z_]\w*$/;
/** The key of a variable known to be one of several constants (none of which has a `|` or braces). */
const ONE_OF = /^([A-Za-z_]\w*)==\{([^{}]+)\}$/;

/** The key saying `variable` is one of `constants` (with the value 'nonzero': it is so). */
export function oneOfKey(variable: string, constants: Iterable<string>): string {
  return `${variable}=={${[...new Set(constants)].sort().join('|')}}`;
}

/**
 * The variable and the constants it equals, for a key known true: `A==mode` (as conditions.ts
 * sorts the two sides) or a oneOfKey(). Two variables, or two constants, are no such key.
 */
export function equalsConstants(key: string): { variable: string; constants: string[] } | undefined {
  const set = ONE_OF.exec(key);
  if (set) return { variable: set[1], constants: set[2].split('|') };
  // A test of one variable against several, true (`action == A || action == B`): one of them.
  if (key.includes('||')) {
    const parts = key.split('||').map((part) => equalsConstants(part.replace(/^\((.*)\)$/, '$1')));
    const variable = parts[0]?.variable;
    if (!variable || !parts.every((q) => q?.variable === variable)) return undefined;
    return { variable, constants: [...new Set(parts.flatMap((q) => q!.constants))] };
  }
  const sides = key.split('==');
  if (sides.length !== 2) return undefined;
  const [a, b] = sides;
  const constantA = CONSTANT.test(a);
  const constantB = CONSTANT.test(b);
  if (constantA === constantB) return undefined;
  const [variable, constant] = constantA ? [b, a] : [a, b];
  // An upper-case "variable" is a constant too (two constants compared): no knowledge of a variable.
  return VARIABLE.test(variable) && !CONSTANT_NAME.test(variable) ? { variable, constants: [constant] } : undefined;
}

/** Every variable `values` knows equal to some constants, with them. */
function equalities(values: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, value] of values) {
    if (value !== 'nonzero') continue;
    const eq = equalsConstants(key);
    if (!eq) continue;
    // Two keys of one variable on one way both hold: either set bounds it (the first is kept).
    if (!out.has(eq.variable)) out.set(eq.variable, new Set(eq.constants));
  }
  return out;
}

/**
 * What two joining ways know together of the variables each knew equal to constants: one of
 * the constants of either (`mode == A` on one, `mode == B` on the other: `mode` is A or B).
 */
export function joinedEqualities(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): Array<[string, 'nonzero']> {
  const theirs = equalities(b);
  if (!theirs.size) return [];
  const out: Array<[string, 'nonzero']> = [];
  for (const [variable, mine] of equalities(a)) {
    const other = theirs.get(variable);
    if (!other) continue;
    const both = new Set([...mine, ...other]);
    // (Both knew it equal to one constant: their common key says so already.)
    if (both.size > 1) out.push([oneOfKey(variable, both), 'nonzero']);
  }
  return out;
}

/** The constants `values` knows `variable` is one of, if it knows that. */
export function constantsOf(values: ReadonlyMap<string, string>, variable: string): string[] | undefined {
  const set = equalities(values).get(variable);
  return set && [...set].sort();
}

/**
 * Whether an argument written as a constant is none of `constants`: by value when every one of
 * them has a known value, else by name (two enumerators or macros of one set, written apart,
 * name different values). Undefined when the argument is no constant, so nothing is known.
 */
export function outsideConstants(arg: string, constants: readonly string[], valueOf: (name: string) => number | undefined): boolean | undefined {
  if (!CONSTANT.test(arg)) return undefined;
  const number = (c: string) => (/^\d/.test(c) ? integerLiteral(c) : valueOf(c));
  const mine = number(arg);
  const values = constants.map(number);
  if (mine !== undefined && values.every((v) => v !== undefined)) return !values.includes(mine);
  // A number against a name of unknown value (or the other way round): either may be the other.
  if (/^\d/.test(arg) || constants.some((c) => /^\d/.test(c))) return undefined;
  return !constants.includes(arg);
}
