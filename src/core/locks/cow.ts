/**
 * Copy-on-write maps and sets for the walk's path states: a path is cloned at
 * every block and branch, and most of its collections are not written before
 * the next clone, so a copy shares its entries until one side writes. Two
 * copies that still share them are known equal without a look (`sameAs`), which
 * makes merging such states cheap.
 */
export class CowMap<K, V> implements Map<K, V> {
  constructor(
    private map: Map<K, V> = new Map(),
    private shared = false,
    private memo?: string,
  ) {}

  /** A copy sharing the entries until either side writes. */
  clone(): CowMap<K, V> {
    this.shared = true;
    return new CowMap(this.map, true, this.memo);
  }

  /** A string made of the entries by `make`, kept until a write (one `make` per collection: the walk's shape). */
  rendered(make: (entries: ReadonlyMap<K, V>) => string): string {
    return (this.memo ??= make(this.map));
  }

  /** Nothing was written to either since one was copied from the other. */
  sameAs(other: CowMap<K, V>): boolean {
    return this.map === other.map;
  }

  private own(): Map<K, V> {
    this.memo = undefined;
    if (this.shared) {
      this.map = new Map(this.map);
      this.shared = false;
    }
    return this.map;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    // Writing what is there already changes nothing (a key keeps its place in the order either way).
    if (this.map.get(key) !== value || !this.map.has(key)) this.own().set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.map.has(key) && this.own().delete(key);
  }

  clear(): void {
    this.map = new Map();
    this.shared = false;
    this.memo = undefined;
  }

  forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.map.forEach((v, k) => fn.call(thisArg, v, k, this));
  }

  entries(): MapIterator<[K, V]> {
    return this.map.entries();
  }

  keys(): MapIterator<K> {
    return this.map.keys();
  }

  values(): MapIterator<V> {
    return this.map.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.map[Symbol.iterator]();
  }

  get [Symbol.toStringTag](): string {
    return 'CowMap';
  }
}

export class CowSet<T> implements Set<T> {
  constructor(
    private set_: Set<T> = new Set(),
    private shared = false,
    private memo?: string,
  ) {}

  /** A copy sharing the members until either side writes. */
  clone(): CowSet<T> {
    this.shared = true;
    return new CowSet(this.set_, true, this.memo);
  }

  /** A string made of the members by `make`, kept until a write (one `make` per collection: the walk's shape). */
  rendered(make: (members: ReadonlySet<T>) => string): string {
    return (this.memo ??= make(this.set_));
  }

  /** Nothing was written to either since one was copied from the other. */
  sameAs(other: CowSet<T>): boolean {
    return this.set_ === other.set_;
  }

  private own(): Set<T> {
    this.memo = undefined;
    if (this.shared) {
      this.set_ = new Set(this.set_);
      this.shared = false;
    }
    return this.set_;
  }

  get size(): number {
    return this.set_.size;
  }

  has(value: T): boolean {
    return this.set_.has(value);
  }

  add(value: T): this {
    if (!this.set_.has(value)) this.own().add(value);
    return this;
  }

  delete(value: T): boolean {
    return this.set_.has(value) && this.own().delete(value);
  }

  clear(): void {
    this.set_ = new Set();
    this.shared = false;
    this.memo = undefined;
  }

  forEach(fn: (value: T, value2: T, set: Set<T>) => void, thisArg?: unknown): void {
    this.set_.forEach((v) => fn.call(thisArg, v, v, this));
  }

  entries(): SetIterator<[T, T]> {
    return this.set_.entries();
  }

  keys(): SetIterator<T> {
    return this.set_.keys();
  }

  values(): SetIterator<T> {
    return this.set_.values();
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.set_[Symbol.iterator]();
  }

  get [Symbol.toStringTag](): string {
    return 'CowSet';
  }
}
