/**
 * The branch facts a path knows, as a few alternatives (one per way of reaching here) rather
 * than only what every way agrees on. Code that takes a lock under a test and gives it back
 * under the same test, with branches in between (`if (a == X || b == X) down_read(...)` ...
 * `if (b == X || a == X) up_read(...)`), reaches the lock through two ways with different
 * facts; their intersection knows nothing, so the release's test could go either way. Kept
 * apart, each way answers the later test, and an answer no way allows is a path not taken.
 * At most a few ways are kept; beyond that, only their answers to the tests that decide a
 * lock (the caller says which), and beyond that again only what all agree on.
 */
import type { BitTest, Fact } from './state';

/**
 * Tags of facts about a parameter's field the function writes (summaryCases.ts): `@key` is what a
 * test found there before the write (what the caller passed), `=key` the constant written last
 * (what the caller finds there after the call). No test's key starts with either.
 */
export const ENTRY_TAG = '@';
export const EXIT_TAG = '=';

/** Ways kept apart before a merge keeps only the common facts: a bound on what joins can build. */
const MAX_WAYS = 8;

/**
 * Facts one way keeps; past it the oldest tests are forgotten. Each new fact copies the way (paths
 * share them), so a chain of thousands of tests (`if (x == 1) ... if (x == 2) ...`) was quadratic
 * in time and garbage; real functions test far fewer things, and a forgotten test only lets both
 * of its answers stand.
 */
const MAX_FACTS = 256;

type Way = ReadonlyMap<string, Fact>;

export class FactSet {
  /** Never empty; a way with no facts knows nothing, and makes any other way redundant. */
  private constructor(private ways: readonly Way[]) {}

  static empty(): FactSet {
    return new FactSet([new Map()]);
  }

  clone(): FactSet {
    return new FactSet(this.ways);
  }

  /** Each way of reaching here, as the facts it knows. */
  alternatives(): ReadonlyArray<ReadonlyMap<string, Fact>> {
    return this.ways;
  }

  /** The fact every way agrees on, if they do. */
  get(key: string): Fact | undefined {
    const first = this.ways[0].get(key);
    if (!first) return undefined;
    return this.ways.every((w) => w.get(key)?.value === first.value) ? first : undefined;
  }

  /** What every way's tests of the same word say of a bit test (`ret & (A | B)`), where they agree. */
  bits(t: BitTest): boolean | undefined {
    const first = bitsAnswer(this.ways[0], t);
    return first !== undefined && this.ways.every((w) => bitsAnswer(w, t) === first) ? first : undefined;
  }

  /**
   * Every way of reaching here and every way of reaching `other` answered some test `counts` keeps
   * (a mode's) otherwise: no path is both.
   */
  apartFrom(other: FactSet, counts: (key: string, fact: Fact) => boolean): boolean {
    return this.ways.every((wx) => other.ways.every((wy) => [...wx].some(([key, f]) => counts(key, f) && wy.has(key) && wy.get(key)!.value !== f.value)));
  }

  /** Some way of reaching here contradicts none of these tests' answers (`nonzero` for true). */
  allows(answers: Iterable<[string, 'zero' | 'nonzero']>): boolean {
    const wanted = [...answers];
    return this.ways.some((w) => wanted.every(([k, v]) => w.get(k)?.value !== (v === 'zero')));
  }

  /** This path takes `key` as `fact.value`: ways that say otherwise are not this path. False when none is left. */
  assume(key: string, fact: Fact): boolean {
    const answer = (w: Way) => w.get(key)?.value ?? (fact.bits && bitsAnswer(w, fact.bits));
    // One way, the common case: answered or extended without the general filtering.
    if (this.ways.length === 1) {
      const known = answer(this.ways[0]);
      if (known !== undefined) return known === fact.value;
      this.ways = [withFact(this.ways[0], key, fact)];
      return true;
    }
    // Every way knows it already: nothing changes.
    if (this.ways.every((w) => w.get(key)?.value === fact.value)) return true;
    const left = this.ways.filter((w) => answer(w) !== !fact.value);
    if (!left.length) return false;
    this.ways = normalize(left.map((w) => (w.get(key)?.value === fact.value ? w : withFact(w, key, fact))));
    return true;
  }

  /**
   * Two names found to be one object: each fact is known also as `rename` writes its key, and a
   * way whose facts then answer a test of a thing against itself (`answers`) otherwise, or answer
   * one test two ways, is no way. False when none is left.
   */
  rename(rename: (key: string) => string, answers: (key: string) => boolean | undefined): boolean {
    const ways: Way[] = [];
    for (const w of this.ways) {
      const out = new Map(w);
      let possible = true;
      for (const [k, f] of w) {
        const key = rename(k);
        if (key === k) continue;
        const known = answers(key) ?? out.get(key)?.value;
        if (known !== undefined && known !== f.value) possible = false;
        else if (known === undefined) out.set(key, f);
      }
      if (possible) ways.push(out);
    }
    if (!ways.length) return false;
    this.ways = normalize(ways);
    return true;
  }

  /** Facts a write made stale are forgotten by every way. */
  forget(stale: (key: string, fact: Fact) => boolean): void {
    if (!this.ways.some((w) => someFact(w, stale))) return;
    this.ways = normalize(this.ways.map((w) => new Map([...w].filter(([k, f]) => !stale(k, f)))));
  }

  /**
   * A write made these facts stale: forgotten by every way, except that a test `entry` names is
   * kept under that name (once: the first write's is what came in).
   */
  forgetKeeping(stale: (key: string, fact: Fact) => boolean, entry: (key: string) => string | undefined): void {
    if (!this.ways.some((w) => someFact(w, stale))) return;
    this.ways = normalize(
      this.ways.map((w) => {
        const out = new Map<string, Fact>();
        for (const [k, f] of w) {
          if (!stale(k, f)) out.set(k, f);
          else {
            const kept = entry(k);
            if (kept && !w.has(kept)) out.set(kept, f);
          }
        }
        return out;
      }),
    );
  }

  /**
   * Either this path or the other: their ways together. Too many, and each keeps only its
   * answers to the tests `decides` ranks above 0 (and what all agree on); still too many, only
   * those of the highest rank (a callee's cases, `explore.ts`). True when this set now knows less.
   */
  mergeFrom(other: FactSet, decides: (key: string) => number): boolean {
    // Every way of the other is one of ours, or narrower: nothing new (the common case, and cheap).
    if (other.ways === this.ways || other.ways.every((o) => this.ways.some((w) => covers(w, o)))) return false;
    let ways = normalize([...this.ways, ...other.ways]);
    for (const rank of [1, 2]) {
      if (ways.length <= MAX_WAYS) break;
      const agreed = common(ways);
      ways = normalize(ways.map((w) => new Map([...w].filter(([k]) => decides(k) >= rank || agreed.has(k)))));
    }
    if (ways.length > MAX_WAYS) ways = [common(ways)];
    // Whatever it became covers a way it did not before: it knows less.
    this.ways = ways;
    return true;
  }
}

/** The way with one more fact, the oldest forgotten past MAX_FACTS. */
function withFact(w: Way, key: string, fact: Fact): Way {
  const out = new Map(w).set(key, fact);
  for (const k of out.keys()) {
    if (out.size <= MAX_FACTS) break;
    out.delete(k);
  }
  return out;
}

/** Without repeats and without ways that another, knowing less, already covers. */
function normalize(ways: Way[]): Way[] {
  if (ways.length < 2) return ways;
  const out: Way[] = [];
  for (const w of [...ways].sort((a, b) => a.size - b.size)) {
    if (!out.some((o) => covers(o, w))) out.push(w);
  }
  return out;
}

/** Every fact of `a` is in `b`: whatever `b` allows, `a` does. */
function covers(a: Way, b: Way): boolean {
  for (const [k, f] of a) if (b.get(k)?.value !== f.value) return false;
  return true;
}

function common(ways: readonly Way[]): Way {
  const [first, ...rest] = ways;
  return new Map([...first].filter(([k, f]) => rest.every((w) => w.get(k)?.value === f.value)));
}

function someFact(w: Way, test: (key: string, fact: Fact) => boolean): boolean {
  for (const [k, f] of w) if (test(k, f)) return true;
  return false;
}

/**
 * What a way's other tests of the same word say of `t`: set when a bit set is among t's
 * (or among t's and bits known clear), clear when t's bits are among bits known clear.
 * Bit names are opaque; one name may stand for several bits, and this holds all the same.
 */
function bitsAnswer(w: Way, t: BitTest): boolean | undefined {
  const within = (a: readonly string[], b: ReadonlySet<string>) => a.every((x) => b.has(x));
  const clear = new Set<string>();
  const set: Array<readonly string[]> = [];
  for (const f of w.values()) {
    if (f.bits?.base !== t.base) continue;
    if (f.value) set.push(f.bits.mask);
    else for (const m of f.bits.mask) clear.add(m);
  }
  if (!set.length && !clear.size) return undefined;
  if (within(t.mask, clear)) return false;
  const mine = new Set([...t.mask, ...clear]);
  return set.some((m) => within(m, mine)) ? true : undefined;
}
