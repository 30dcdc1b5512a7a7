/**
 * Copy-on-write maps and sets for the walk's path states: a path is cloned at
 * every block and branch, and most of its collections are not written before
 * the next clone, so a copy shares its entries until one side writes. Two
 * copies that still share them are known equal without a look (`sameAs`), which
 * makes merging such states cheap.
 */
type Table = Map<unknown, unknown> | Set<unknown>;

/** What a copy-on-write map and set share: the table, whether it is shared, and a string made of it. */
abstract class Cow<C extends Table> {
  constructor(
    protected table: C,
    private shared: boolean,
    private memo: string | undefined,
  ) {}

  /** The same kind of collection over `table`. */
  protected abstract over(table: C, memo: string | undefined): this;

  /** A fresh table with the entries of `table`. */
  protected abstract copy(table: C): C;

  /** A copy sharing the entries until either side writes. */
  clone(): this {
    this.shared = true;
    return this.over(this.table, this.memo);
  }

  /** Nothing was written to either since one was copied from the other. */
  sameAs(other: Cow<C>): boolean {
    return this.table === other.table;
  }

  /** A string made of the entries by `make`, kept until a write (one `make` per collection: the walk's shape). */
  rendered(make: (table: C) => string): string {
    return (this.memo ??= make(this.table));
  }

  /** The table to write to: a copy of its own first, if it was shared. */
  protected own(): C {
    this.memo = undefined;
    if (this.shared) {
      this.table = this.copy(this.table);
      this.shared = false;
    }
    return this.table;
  }

  get size(): number {
    return this.table.size;
  }

  clear(): void {
    if (this.table.size) this.own().clear();
  }

  // Iterators go over the table as it is now: a write after they start goes to a copy (as a Map's own deletes are safe).
  entries(): ReturnType<C['entries']> {
    return this.table.entries() as ReturnType<C['entries']>;
  }

  keys(): ReturnType<C['keys']> {
    return this.table.keys() as ReturnType<C['keys']>;
  }

  values(): ReturnType<C['values']> {
    return this.table.values() as ReturnType<C['values']>;
  }

  [Symbol.iterator](): ReturnType<C[typeof Symbol.iterator]> {
    return this.table[Symbol.iterator]() as ReturnType<C[typeof Symbol.iterator]>;
  }
}

export class CowMap<K, V> extends Cow<Map<K, V>> implements Map<K, V> {
  constructor(table: Map<K, V> = new Map(), shared = false, memo?: string) {
    super(table, shared, memo);
  }

  protected over(table: Map<K, V>, memo: string | undefined): this {
    return new CowMap(table, true, memo) as this;
  }

  protected copy(table: Map<K, V>): Map<K, V> {
    return new Map(table);
  }

  get(key: K): V | undefined {
    return this.table.get(key);
  }

  has(key: K): boolean {
    return this.table.has(key);
  }

  set(key: K, value: V): this {
    // Writing what is there already changes nothing (a key keeps its place in the order either way).
    if (this.table.get(key) !== value || !this.table.has(key)) this.own().set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.table.has(key) && this.own().delete(key);
  }

  forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.table.forEach((v, k) => fn.call(thisArg, v, k, this));
  }

  get [Symbol.toStringTag](): string {
    return 'CowMap';
  }
}

export class CowSet<T> extends Cow<Set<T>> implements Set<T> {
  constructor(table: Set<T> = new Set(), shared = false, memo?: string) {
    super(table, shared, memo);
  }

  protected over(table: Set<T>, memo: string | undefined): this {
    return new CowSet(table, true, memo) as this;
  }

  protected copy(table: Set<T>): Set<T> {
    return new Set(table);
  }

  has(value: T): boolean {
    return this.table.has(value);
  }

  add(value: T): this {
    if (!this.table.has(value)) this.own().add(value);
    return this;
  }

  delete(value: T): boolean {
    return this.table.has(value) && this.own().delete(value);
  }

  forEach(fn: (value: T, value2: T, set: Set<T>) => void, thisArg?: unknown): void {
    this.table.forEach((v) => fn.call(thisArg, v, v, this));
  }

  get [Symbol.toStringTag](): string {
    return 'CowSet';
  }
}
