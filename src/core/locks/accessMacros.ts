/**
 * Macros that only name a member of their argument (`ACCESS_PRIVATE(p, lock)`
 * is `p->lock`, for sparse's eyes): a lock reached through one is the member,
 * so `&ACCESS_PRIVATE(snp, lock)` taken and `&snp->lock` released are one lock.
 */
import { matchingParen } from '../syntax/brackets';

/** Bounds the rewriting of one lock argument (a macro inside a macro's argument counts too). */
const MAX_EXPANSIONS = 8;

/** The argument's text (spaces removed) with each access macro written as the member path it names. */
export function expandAccessMacros(text: string, macros: ReadonlyMap<string, string>): string {
  if (!macros.size) return text;
  let t = text;
  for (let n = 0; n < MAX_EXPANSIONS; n++) {
    const m = [...t.matchAll(/[A-Za-z_]\w*(?=\()/g)].find((x) => macros.has(x[0]) && !/[\w]/.test(t[x.index! - 1] ?? ''));
    if (!m) break;
    const open = m.index! + m[0].length;
    const close = matchingParen(t, open);
    if (close < 0) break;
    const args = topLevelArgs(t.slice(open + 1, close));
    const path = macros.get(m[0])!.replace(/\$(\d)/g, (_, d: string) => {
      const a = args[Number(d)] ?? '';
      return d === '0' && !/^[\w>.[\]-]+$/.test(a.replace(/->/g, '>')) ? `(${a})` : a;
    });
    t = `${t.slice(0, m.index!)}${path}${t.slice(close + 1)}`;
  }
  return t;
}

/** `a,f(b,c),d` -> `a`, `f(b,c)`, `d`. */
function topLevelArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(from, k));
      from = k + 1;
    }
  }
  out.push(text.slice(from));
  return out;
}
