/**
 * Lockdep gives a lock the class of the call that initialised it: spin_lock_init(), mutex_init()
 * and their kind are macros with a static lock_class_key each. Two locks of one struct field
 * (`__queue.lock`) that calls in view initialise each by a longer member path
 * (`spin_lock_init(&pmlmepriv->free_bss_pool.lock)`, then `...scanned_queue.lock`) are two
 * lockdep classes, unless a call in view initialises the field through a pointer to its own
 * struct (`spin_lock_init(&q->lock)` in a queue helper), which gives every such lock that one.
 */
import { walk, type ParsedFile } from '../syntax';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import type { Knowledge } from '../knowledge';
import { memberPathClass } from './identity';
import { addressLocals } from './stablePaths';
import type { TypeEnv } from './typeEnv';

export interface InitSite {
  file: string;
  line: number;
  fn: string;
}

export interface InitSites {
  /** Member paths (`adapter.mlmepriv.free_bss_pool.lock`) calls in view initialise, each with the first such call. */
  paths: Array<{ path: string[]; site: InitSite }>;
  /** Elements of an array of locks initialised (`cas.stat_lock`), by the index as written (`i` in a loop, `N_TX_RINGS`). */
  elements: Array<{ path: string; index: string; site: InitSite }>;
}

/** Every lock initialisation in view, by the member path its argument names. */
export function lockInitSites(files: readonly ParsedFile[], envs: ReadonlyMap<string, TypeEnv>, knowledge: Knowledge): InitSites {
  const seen = new Set<string>();
  const paths: InitSites['paths'] = [];
  const elements: InitSites['elements'] = [];
  for (const file of files) {
    for (const fn of file.functions) {
      const env = envs.get(fn.name);
      if (!env) continue;
      let locals: Map<string, string> | undefined;
      walk(fn.body, (n) => {
        if (n.type !== 'call_expression' || !knowledge.calls.lockInitializers.has(calleeName(file, n) ?? '')) return true;
        const arg = callArgs(n)[0];
        const text = arg ? file.text.slice(arg.start, arg.end).replace(/^\s*&\s*/, '') : '';
        const path = memberPath(text, env, (locals ??= addressLocals(file, fn)));
        const site = { file: file.path, line: file.lines.line(n.start), fn: fn.name };
        const index = elementIndex(text);
        if (path && index !== undefined && !seen.has(`${path}[${index}]`)) {
          seen.add(`${path}[${index}]`);
          elements.push({ path, index, site });
        }
        if (path && !seen.has(path)) {
          seen.add(path);
          paths.push({ path: path.split('.'), site });
        }
        return false;
      });
    }
  }
  return { paths, elements };
}

/** The index of a lock that is an element of an array (`cp->stat_lock[N_TX_RINGS]`: `N_TX_RINGS`), as written. */
function elementIndex(lock: string): string | undefined {
  return /\[\s*([^[\]]+?)\s*\]$/.exec(lock)?.[1];
}

/** An index that names one element whatever runs (`0`, `N_TX_RINGS`), not a variable a loop moves (`i`). */
const FIXED_INDEX = /^(?:\d+|0[xX][\da-fA-F]+|[A-Z][A-Z\d_]*)$/;

/**
 * Whether two elements of one array of locks (`cp->stat_lock[N_TX_RINGS]` and `cp->stat_lock[0]`)
 * are of two lockdep classes: each is initialised by a call of its own, the one by its own fixed
 * index (`spin_lock_init(&cp->stat_lock[N_TX_RINGS])`), the other by that index too or, when no
 * call names its index, by the call that initialises the array's elements in a loop
 * (`spin_lock_init(&cp->stat_lock[i])`). Where each is initialised, if so.
 */
export function distinctElementSites(sites: InitSites, path: string | undefined, a: string, b: string): [InitSite, InitSite] | undefined {
  const [ia, ib] = [elementIndex(a), elementIndex(b)];
  if (!path || ia === undefined || ib === undefined || ia === ib) return undefined;
  const mine = sites.elements.filter((e) => e.path === path);
  const looped = mine.filter((e) => !FIXED_INDEX.test(e.index));
  const siteOf = (index: string) => mine.find((e) => e.index === index)?.site ?? (FIXED_INDEX.test(index) && looped.length === 1 ? looped[0].site : undefined);
  const [first, second] = [siteOf(ia), siteOf(ib)];
  return first && second && first !== second ? [first, second] : undefined;
}

/**
 * The member path a lock is named by in its function, from its root's struct, through a local that
 * holds a member's address (`free_queue->lock` of `free_queue = &pmlmepriv->free_bss_pool`:
 * `mlme_priv.free_bss_pool.lock`).
 */
export function memberPath(inst: string, env: TypeEnv, locals: ReadonlyMap<string, string>): string | undefined {
  const root = /^[A-Za-z_]\w*/.exec(inst)?.[0];
  return memberPathClass(root && locals.has(root) ? `${locals.get(root)}${inst.slice(root.length)}` : inst, env);
}

/**
 * Whether two locks of class `cls` (`__queue.lock`), by their member paths, are of two lockdep
 * classes: each initialised by a call in view that names the member holding it as the lock's own
 * path does (`free_bss_pool.lock`, `scanned_queue.lock`: the path's tail as long as the class,
 * however far up each was reached from), and none initialising the field through a pointer to its
 * own struct (`cls` itself). Where each is initialised, if so.
 */
export function distinctInitSites(sites: InitSites, cls: string, a: string | undefined, b: string | undefined): [InitSite, InitSite] | undefined {
  const n = cls.split('.').length;
  const tail = (path: string[]) => path.slice(-n).join('.');
  const key = (p: string | undefined) => (p && p.split('.').length > n ? tail(p.split('.')) : undefined);
  const [ka, kb] = [key(a), key(b)];
  if (!ka || !kb || ka === kb || sites.paths.some((p) => p.path.join('.') === cls)) return undefined;
  const siteOf = (k: string) => sites.paths.find((p) => p.path.length > n && tail(p.path) === k)?.site;
  const [first, second] = [siteOf(ka), siteOf(kb)];
  return first && second ? [first, second] : undefined;
}
