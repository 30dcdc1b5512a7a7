/**
 * What a printf-style format does with its arguments. A plain `%p` prints a pointer's value
 * (hashed) and reads nothing of the object; the kernel's extended `%pX` forms (`%pS`, `%pI4`,
 * `%pOF`, `%pV`, ...) may read what they are given, and so does every other conversion of a
 * pointer (`%s`): those are taken as uses.
 */
import type { SNode } from './node';
import { callArgs } from './kernelIdioms';

/** printf conversions: flags, width, precision, length, then the conversion letter. */
const CONVERSION = /%(%|[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?(?:hh|h|ll|l|L|z|j|t)?([a-zA-Z]))/g;

const FORMAT_TYPES = new Set(['string_literal', 'concatenated_string']);

/** The text of a string literal (or of adjacent ones, `KERN_ERR "..." "..."`), escapes left as written. */
function literalText(node: SNode, text: string): string {
  return [...text.slice(node.start, node.end).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('');
}

/** Each conversion of `call`'s literal format: the index of the argument it prints, its letter, and what follows it. */
function* conversionsOf(call: SNode, text: string): Generator<{ arg: number; letter: string; after: string }> {
  const args = callArgs(call);
  const at = args.findIndex((a) => FORMAT_TYPES.has(a.type));
  if (at < 0) return;
  const format = literalText(args[at], text);
  let next = at + 1;
  for (const m of format.matchAll(CONVERSION)) {
    if (m[1] === '%') continue;
    next += (m[2] === '*' ? 1 : 0) + (m[3] === '*' ? 1 : 0);
    yield { arg: next++, letter: m[4], after: format[m.index! + m[0].length] ?? '' };
  }
}

/**
 * The indices of `call`'s arguments that its format prints as a plain address (`%p` not
 * followed by a letter or digit). Empty when the call has no literal format.
 */
export function addressOnlyArguments(call: SNode, text: string): Set<number> {
  return new Set([...conversionsOf(call, text)].filter((c) => c.letter === 'p' && !/[A-Za-z0-9]/.test(c.after)).map((c) => c.arg));
}

/** The indices of `call`'s arguments its literal format prints (every conversion's). Empty when it has none. */
export function formattedArguments(call: SNode, text: string): Set<number> {
  return new Set([...conversionsOf(call, text)].map((c) => c.arg));
}
