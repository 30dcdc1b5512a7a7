/**
 * The symbols' shards of one head, each read when a name in it is first asked
 * for: a review asks for the few hundred names its files call and define, not
 * the whole tree's 35 MB. A shard the index has replaced since (a run ended
 * meanwhile) reads as empty: the next review reads the new head.
 */
import { shardOf, SHARDS } from './shard';
import type { SymbolsHead, SymbolsShard } from './types';

const EMPTY: SymbolsShard = { summaries: {}, callers: {}, valueUsed: [], orders: [] };

export class LazyShards {
  private readonly read = new Map<number, SymbolsShard>();

  constructor(
    readonly head: SymbolsHead,
    private readonly load: (file: string) => SymbolsShard | undefined,
  ) {}

  /** The shard `name` lies in. */
  of(name: string): SymbolsShard {
    return this.shard(shardOf(name));
  }

  /** Every shard (what iterating a whole map takes). */
  all(): SymbolsShard[] {
    return Array.from({ length: SHARDS }, (_, i) => this.shard(i));
  }

  private shard(i: number): SymbolsShard {
    let s = this.read.get(i);
    if (!s) {
      s = this.load(this.head.shards[i].file) ?? EMPTY;
      this.read.set(i, s);
    }
    return s;
  }
}

/** A name's entry in a shard's record: its own property only (a JSON object has `constructor` too). */
export function own<T>(r: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(r, name) ? r[name] : undefined;
}

/**
 * A read-only map whose values are found by name in their shard (`valueOf`), kept once found;
 * iterating it reads every shard (nothing in a review does).
 */
export class ShardedMap<V> implements ReadonlyMap<string, V> {
  private readonly found = new Map<string, V | undefined>();

  constructor(
    private readonly shards: LazyShards,
    private readonly valueOf: (shard: SymbolsShard, name: string) => V | undefined,
    private readonly namesOf: (shard: SymbolsShard) => string[],
  ) {}

  get(name: string): V | undefined {
    if (!this.found.has(name)) this.found.set(name, this.valueOf(this.shards.of(name), name));
    return this.found.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  private whole(): Map<string, V> {
    const out = new Map<string, V>();
    for (const shard of this.shards.all()) {
      for (const name of this.namesOf(shard)) {
        const v = this.valueOf(shard, name);
        if (v !== undefined) out.set(name, v);
      }
    }
    return out;
  }

  get size(): number {
    return this.whole().size;
  }

  forEach(f: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.whole()) f(v, k, this);
  }

  entries(): IterableIterator<[string, V]> {
    return this.whole().entries();
  }

  keys(): IterableIterator<string> {
    return this.whole().keys();
  }

  values(): IterableIterator<V> {
    return this.whole().values();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }
}

/** A read-only set of names, each looked up in its shard (through a ShardedMap). */
export class ShardedSet implements ReadonlySet<string> {
  constructor(private readonly map: ShardedMap<true>) {}

  has(name: string): boolean {
    return this.map.has(name);
  }

  get size(): number {
    return this.map.size;
  }

  forEach(f: (value: string, key: string, set: ReadonlySet<string>) => void): void {
    for (const k of this.map.keys()) f(k, k, this);
  }

  entries(): IterableIterator<[string, string]> {
    return new Map([...this.map.keys()].map((k) => [k, k])).entries();
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<string> {
    return this.map.keys();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.map.keys();
  }
}
