/**
 * A function's ways told apart by tests of its parameters alone, and those ways in a caller's terms.
 *
 * `lock_cqs(send, recv)` takes one lock when the two are one CQ and both otherwise, in an order
 * chosen by comparing their numbers; `unlock_cqs(send, recv)` asks the same questions. Merged into
 * one summary each, the caller sees "takes both" and "gives back both, one of them maybe": the
 * pairing is lost. Kept as cases, each keyed by its tests rewritten into the caller's arguments,
 * the caller follows one path per case, and the unlock's case that contradicts the lock's is no path.
 *
 * A way also says what it leaves in its parameters' fields: `throttle_update(t)` takes `t->lock`
 * only when `t->applied` is clear, and sets it; `throttle_complete(t)` gives the lock back only when
 * it is set, and clears it. The caller's second update finds the flag the first one set.
 */
import type { PathEnd } from './explore';
import { CONSTANT_NAME } from '../syntax';
import { keyVariables, renameKeyVariables } from './conditions';
import type { Fact } from './state';
import { ENTRY_TAG, EXIT_TAG } from './factSet';
import type { SummaryCase, SummaryEffect } from './summaryTypes';
import { MEMBER_PATH, refKey, type LockRef } from './identity';

/** A lock's effect as a function does it on every path that does it, and the lock by the function's own name. */
export interface Template {
  inst: string;
  effect: SummaryEffect;
}

/** A key that is what a pointer parameter points at (`*$1`). */
const POINTEE_KEY = /^\*\$\d+$/;

/** More ways than this and the merged summary stands alone: a bound on the paths a caller forks into. */
const MAX_CASES = 8;

/**
 * The cases of a function whose ends do different things with locks, when each way of reaching
 * an end is told from every way that does otherwise by a test of fixed parameters. `did` lists,
 * per end, the keys of the effects (`templates`) done on it.
 */
export function summaryCases(
  ends: readonly PathEnd[],
  params: readonly string[],
  fixed: (name: string) => boolean,
  did: (end: PathEnd) => string[],
  templates: ReadonlyMap<string, Template>,
  /** Tests the function only took to answer alike within itself (explore's pairing): no case of its callers. */
  ownOnly: ReadonlySet<string> = new Set(),
): SummaryCase[] | undefined {
  const signatures = ends.map((e) => did(e).sort());
  if (new Set(signatures.map((s) => s.join(','))).size < 2) return undefined;
  const index = new Map(params.map((p, i) => [p, i] as const));
  const ours = (key: string) => {
    if (ownOnly.has(key)) return false;
    const vars = keyVariables(key);
    return vars.some((v) => index.has(v)) && vars.every((v) => (index.has(v) && fixed(v)) || CONSTANT_NAME.test(v));
  };
  const inParams = (key: string) => renameKeyVariables(key, (v) => (index.has(v) ? `$${index.get(v)}` : undefined));
  const byKey = (x: { key: string }, y: { key: string }) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  const found = new Map<string, Way>();
  ends.forEach((end, i) => {
    for (const way of end.facts.alternatives()) {
      const { tests, outs, kept } = wayFacts(way);
      const facts = [...tests]
        .filter(([k]) => ours(k))
        .map(([k, f]) => ({ key: inParams(k), value: f.value, ...(f.bits ? { bits: { base: inParams(f.bits.base), mask: [...f.bits.mask] } } : {}) }))
        .sort(byKey);
      const left = [...outs].filter(([k]) => ours(k)).map(([k, value]) => ({ key: inParams(k), value })).sort(byKey);
      const id = JSON.stringify([facts, left, signatures[i]]);
      const results = found.get(id)?.results ?? new Set<PathEnd['retClass']>();
      results.add(end.retClass);
      found.set(id, { facts, outs: left, kept: new Set([...kept].map(inParams)), signature: signatures[i], results });
    }
  });
  const cases = [...found.values()];
  if (cases.length > MAX_CASES) return undefined;
  // Every two ways that differ in what they do must differ in a test's answer, or in what they leave in a field.
  for (let i = 0; i < cases.length; i++) {
    for (let j = i + 1; j < cases.length; j++) {
      if (cases[i].signature.join(',') === cases[j].signature.join(',')) continue;
      if (!cases[i].facts.some((f) => cases[j].facts.some((g) => g.key === f.key && g.value !== f.value)) && !leftApart(cases[i], cases[j])) return undefined;
    }
  }
  return cases.map((c) => {
    // Every end of the way returns NULL (zero), or every one an object (not zero): the caller's result says so.
    const [result] = c.results;
    return {
      facts: c.facts,
      effects: c.signature.map((k) => {
        const { ifArg: _arg, ifHeld: _held, ...effect } = templates.get(k)!.effect;
        return { ...effect, when: 'always' as const };
      }),
      ...(c.results.size === 1 && result !== 'unknown' ? { returns: result } : {}),
      ...(c.outs.length ? { outs: c.outs } : {}),
    };
  });
}

/**
 * The cases with the locks each finds recorded as held by the flags it tests (lockRecords()). Not by
 * a caller's flag (`*locked`): it may say that a caller further up holds the lock.
 */
export function withRecords(cases: SummaryCase[]): SummaryCase[] {
  const records = lockRecords(cases).filter((r) => !POINTEE_KEY.test(r.key));
  return cases.map((c) => {
    const recordedHeld = records.filter((r) => c.facts.some((f) => f.key === r.key && f.value === r.value)).map((r) => r.ref);
    return recordedHeld.length ? { ...c, recordedHeld } : c;
  });
}

/**
 * Flags of an object that record its own lock held (`t->applied`), or the caller's flag handed by its
 * address (`*locked` of `io_tw_lock(ctx, locked)`): a way that finds the flag clear, takes the lock and
 * sets it, or one that finds it set, gives the lock back and clears it. (A way that only sets a field
 * after taking the lock, `s->owner = 0`, records nothing: no way asks it.) Not told when another way
 * says the flag means the opposite.
 */
export function lockRecords(cases: readonly SummaryCase[]): Array<{ key: string; value: boolean; ref: LockRef }> {
  const found = new Map<string, { key: string; value: boolean; ref: LockRef }>();
  const ofItsObject = (key: string, ref: LockRef) => (ref.param !== null && ref.param >= 0 && key.startsWith(`$${ref.param}->`)) || POINTEE_KEY.test(key);
  for (const c of cases) {
    for (const { op, ref } of c.effects) {
      for (const o of c.outs ?? []) {
        const tested = c.facts.find((f) => f.key === o.key);
        if (!ofItsObject(o.key, ref) || !tested || tested.value === o.value) continue;
        const held = op === 'acquire' ? o.value : tested.value;
        found.set(`${o.key}|${refKey(ref)}|${held}`, { key: o.key, value: held, ref });
      }
    }
  }
  const said = [...found.values()];
  return said.filter((r) => !said.some((o) => o.key === r.key && refKey(o.ref) === refKey(r.ref) && o.value !== r.value));
}

interface Way {
  facts: SummaryCase['facts'];
  /** Constants it leaves in its parameters' fields. */
  outs: Array<{ key: string; value: boolean }>;
  /** Fields it tested and never wrote afterwards: they leave as the test found them. */
  kept: Set<string>;
  signature: string[];
  results: Set<PathEnd['retClass']>;
}

/**
 * A way's facts as the caller sees them: the tests of what came in (a field tested, then written,
 * by what the test found: ENTRY_TAG), and the constants left in fields (EXIT_TAG).
 */
function wayFacts(way: ReadonlyMap<string, Fact>): { tests: Map<string, Fact>; outs: Map<string, boolean>; kept: Set<string> } {
  const tests = new Map<string, Fact>();
  const outs = new Map<string, boolean>();
  const kept = new Set<string>();
  for (const [k, f] of way) {
    if (k.startsWith(EXIT_TAG)) outs.set(k.slice(EXIT_TAG.length), f.value);
    else if (k.startsWith(ENTRY_TAG)) tests.set(k.slice(ENTRY_TAG.length), f);
    // A test after the field was written is of what the function wrote, not of what came in.
    else if (!way.has(ENTRY_TAG + k) && !way.has(EXIT_TAG + k)) {
      tests.set(k, f);
      kept.add(k);
    }
  }
  return { tests, outs, kept };
}

/** Two ways that leave a field apart: one sets it, the other sets or keeps it otherwise. */
function leftApart(x: Way, y: Way): boolean {
  const leaves = (w: Way, key: string) => w.outs.find((o) => o.key === key)?.value ?? (w.kept.has(key) ? w.facts.find((f) => f.key === key)?.value : undefined);
  return [...x.outs, ...y.outs].some(({ key }) => {
    const [a, b] = [leaves(x, key), leaves(y, key)];
    return a !== undefined && b !== undefined && a !== b;
  });
}

/**
 * The cases in a caller's terms, with its arguments for `$N`: those a test of an argument passed
 * as a constant (`constant(N)`) does not rule out, with that test answered. Undefined when an
 * argument a test names is no path.
 */
export function casesInCaller(
  cases: readonly SummaryCase[],
  args: readonly (string | undefined)[],
  constant: (param: number) => number | undefined,
): Array<{ facts: Array<{ key: string; fact: Fact }>; effects: SummaryEffect[]; returns?: 'zero' | 'nonzero'; outs: Array<{ key: string; value: boolean }>; recordedHeld: LockRef[] }> | undefined {
  let unnamed = false;
  /** The key in the caller's words; undefined where an argument it names is no place. */
  const named = (key: string): string | undefined => {
    let place = true;
    // A field of an object handed by its address (`$0->applied` of `&pool->throttle`): `pool->throttle.applied`.
    const viaAddress = key
      .replace(/\$(\d+)->/g, (whole, n: string) => {
        const arg = args[Number(n)];
        return arg?.startsWith('&') && MEMBER_PATH.test(arg.slice(1)) ? `${arg.slice(1)}.` : whole;
      })
      // What a pointer handed as `&locked` points at is the caller's `locked`.
      .replace(/^\*\$(\d+)$/, (whole, n: string) => {
        const arg = args[Number(n)];
        return arg?.startsWith('&') && MEMBER_PATH.test(arg.slice(1)) ? arg.slice(1) : whole;
      });
    const out = viaAddress.replace(/\$(\d+)/g, (_, n: string) => {
      const arg = args[Number(n)];
      // A test's key can name a caller's argument only as a place.
      if (!arg || !MEMBER_PATH.test(arg)) place = false;
      return arg ?? '';
    });
    // An equality's sides are kept sorted, whatever the names they now have.
    const sides = out.split('==');
    return !place ? undefined : sides.length === 2 ? sides.sort().join('==') : out;
  };
  const rewrite = (key: string) => {
    const out = named(key);
    if (out === undefined) unnamed = true;
    return out ?? '';
  };
  const out = [];
  for (const c of cases) {
    const answered = (f: SummaryCase['facts'][number]) => {
      const m = /^\$(\d+)$/.exec(f.key);
      const known = m ? constant(Number(m[1])) : undefined;
      return known === undefined ? undefined : (known !== 0) === f.value;
    };
    if (c.facts.some((f) => answered(f) === false)) continue;
    const facts = c.facts
      .filter((f) => answered(f) === undefined)
      .map((f) => {
        const key = rewrite(f.key);
        const bits = f.bits ? { base: rewrite(f.bits.base), mask: f.bits.mask } : undefined;
        return { key, fact: { value: f.value, deps: keyVariables(key), ...(bits ? { bits } : {}) } };
      });
    // Two arguments one object (`a == b` was true): a comparison of a thing with itself answers itself.
    const itself = facts.map((f) => selfComparison(f.key));
    if (facts.some((f, i) => itself[i] !== undefined && itself[i] !== f.fact.value)) continue;
    // A field of an argument that is no place (`get_obj()->flag`) is left unsaid: the caller cannot test it either.
    const outs = (c.outs ?? []).flatMap((o) => {
      const key = named(o.key);
      return key === undefined ? [] : [{ key, value: o.value }];
    });
    out.push({ facts: facts.filter((_, i) => itself[i] === undefined), effects: c.effects, returns: c.returns, outs, recordedHeld: c.recordedHeld ?? [] });
  }
  return unnamed ? undefined : out;
}

/** `x==x` is true and `x<x` false, whatever x is; undefined for any other key. */
export function selfComparison(key: string): boolean | undefined {
  // (`->` is no comparison.)
  const m = /^(.+?)(==|!=|<=|>=|<|(?<!-)>)(.+)$/.exec(key);
  if (!m || m[1] !== m[3] || /[=<!]|(?<!-)>/.test(m[1])) return undefined;
  return m[2] === '==' || m[2] === '<=' || m[2] === '>=';
}
