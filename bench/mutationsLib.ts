/**
 * Lock bugs planted in real files, for `npm run recall`: each mutation makes one
 * mistake the kernel's history is full of (an unlock dropped before an early
 * return, a lock dropped, a lock taken twice, a sleep under a spinlock) and names
 * the rule a reviewer expects to see it. Pure: the text in, the mutants out;
 * test/mutations.test.ts runs it on a fixture.
 */
import type { Knowledge } from '../src/core/knowledge';
import type { LockPrimitive } from '../src/core/knowledge/types';

export type MutationKind = 'drop-unlock' | 'drop-lock' | 'double-lock' | 'sleep-under-spin';
export const MUTATION_KINDS: readonly MutationKind[] = ['drop-unlock', 'drop-lock', 'double-lock', 'sleep-under-spin'];

export interface Mutation {
  kind: MutationKind;
  /** The planted line (1-based, in the original text). */
  line: number;
  /** The lock call the mutation is about, as written. */
  call: string;
  text: string;
  /** Rules any of which tells the planted bug. */
  expects: readonly string[];
}

const EXPECTS: Record<MutationKind, readonly string[]> = {
  'drop-unlock': ['lock/held-at-return'],
  // A lock dropped shows as the unlock of a lock not held, or as accesses without it.
  'drop-lock': ['lock/release-unheld', 'lock/unguarded-access'],
  'double-lock': ['lock/double-acquire'],
  'sleep-under-spin': ['lock/sleep-in-atomic'],
};

/** A lone statement `name(args);` on its line: the name and the argument text. */
const LONE_CALL = /^\s*([A-Za-z_]\w*)\s*\((.*)\)\s*;\s*(?:\/\*.*\*\/\s*)?$/;
/** How far below a lock the matching unlock may be for the lock to be dropped as a mutation. */
const PAIR_WINDOW = 60;

interface LockLine {
  index: number;
  name: string;
  args: string;
  prim: LockPrimitive;
}

function lockLines(lines: readonly string[], knowledge: Knowledge): LockLine[] {
  const out: LockLine[] = [];
  lines.forEach((text, index) => {
    const m = LONE_CALL.exec(text);
    if (!m) return;
    const prim = knowledge.primitives.get(m[1]);
    // Locks with an object only: contexts (rcu, irqs, preemption) have no pairs to plant bugs in.
    if (!prim || prim.arg < 0 || prim.op === 'try') return;
    out.push({ index, name: m[1], args: m[2].trim(), prim });
  });
  return out;
}

/** The next line holding code below `index` (blank lines and comment-only lines skipped). */
function nextCode(lines: readonly string[], index: number): string | undefined {
  for (let k = index + 1; k < lines.length; k++) {
    const t = lines[k].trim();
    if (t && !t.startsWith('/*') && !t.startsWith('*') && !t.startsWith('//')) return t;
  }
  return undefined;
}

/** The release of the same lock written the same way, within the window below an acquire. */
function releasedBelow(locks: readonly LockLine[], at: LockLine): boolean {
  return locks.some((l) => l.index > at.index && l.index - at.index <= PAIR_WINDOW && l.prim.op === 'release' && l.args === at.args && l.prim.kind === at.prim.kind);
}

/** Every candidate of each kind, in line order. */
export function mutationSites(text: string, knowledge: Knowledge): Map<MutationKind, Array<{ index: number; call: string }>> {
  const lines = text.split('\n');
  const locks = lockLines(lines, knowledge);
  const sites = new Map<MutationKind, Array<{ index: number; call: string }>>(MUTATION_KINDS.map((k) => [k, []]));
  for (const l of locks) {
    const call = `${l.name}(${l.args})`;
    if (l.prim.op === 'release') {
      if (/^(return\b|goto\b)/.test(nextCode(lines, l.index) ?? '')) sites.get('drop-unlock')!.push({ index: l.index, call });
      continue;
    }
    if (!releasedBelow(locks, l)) continue;
    sites.get('drop-lock')!.push({ index: l.index, call });
    if (!l.prim.shared && !l.prim.nested && l.prim.kind !== 'semaphore') sites.get('double-lock')!.push({ index: l.index, call });
    if (l.prim.atomic) sites.get('sleep-under-spin')!.push({ index: l.index, call });
  }
  return sites;
}

/** Up to `perKind` mutants of each kind, spread evenly over the file's candidates. */
export function mutations(text: string, knowledge: Knowledge, perKind: number): Mutation[] {
  const lines = text.split('\n');
  const out: Mutation[] = [];
  for (const [kind, all] of mutationSites(text, knowledge)) {
    const step = all.length / Math.min(perKind, all.length);
    for (let k = 0; k < Math.min(perKind, all.length); k++) {
      const site = all[Math.floor(k * step)];
      const indent = /^\s*/.exec(lines[site.index])![0];
      const mutated = [...lines];
      if (kind === 'drop-unlock' || kind === 'drop-lock') mutated.splice(site.index, 1);
      else if (kind === 'double-lock') mutated.splice(site.index + 1, 0, lines[site.index]);
      else mutated.splice(site.index + 1, 0, `${indent}msleep(1);`);
      out.push({ kind, line: site.index + 1, call: site.call, text: mutated.join('\n'), expects: EXPECTS[kind] });
    }
  }
  return out;
}

/** (function, rule) -> how many findings. */
export function findingCounts(findings: ReadonlyArray<{ function: string; rule: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(`${f.function}\0${f.rule}`, (counts.get(`${f.function}\0${f.rule}`) ?? 0) + 1);
  return counts;
}

/** Whether the mutant's review tells the planted bug: a finding of an expected rule the original did not have. */
export function detected(m: Mutation, original: Map<string, number>, mutant: ReadonlyArray<{ function: string; rule: string }>): boolean {
  const counts = findingCounts(mutant.filter((f) => m.expects.includes(f.rule)));
  for (const [key, n] of counts) if (n > (original.get(key) ?? 0)) return true;
  return false;
}
