/**
 * The join a re-index updates: only the shards the changed files' old and new
 * records touch are read, changed and written back with their symbols, so one
 * changed file costs a few hundred small files, not the whole join.
 */
import { applyRecord, emptyJoin, mergeJoin, pruneJoin, shardSymbols, shardsOfRecord, splitJoin, type FileRecord, type IndexStore, type SymbolsShard } from '../core';

export class JoinUpdate {
  private readonly state = emptyJoin();
  private readonly loaded = new Set<number>();

  constructor(private readonly store: IndexStore) {}

  /** A file's record in (`sign` 1) or out (-1), named by the file (two files of one text share a record); false when a shard is missing. */
  apply(r: FileRecord, path: string, sign: 1 | -1): boolean {
    const record = { ...r, path };
    for (const i of shardsOfRecord(record)) {
      if (this.loaded.has(i)) continue;
      const part = this.store.readJoinShard(i);
      if (!part) return false;
      mergeJoin(this.state, part);
      this.loaded.add(i);
    }
    applyRecord(this.state, record, sign);
    return true;
  }

  /** The shards read, written back pruned; their symbols, made anew. */
  save(): Map<number, SymbolsShard> {
    pruneJoin(this.state);
    return writeShards(this.store, splitJoin(this.state, this.loaded));
  }
}

/** Join shards written, then the symbols each decides. */
export function writeShards(store: IndexStore, parts: Map<number, ReturnType<typeof emptyJoin>>): Map<number, SymbolsShard> {
  const made = new Map<number, SymbolsShard>();
  for (const [i, part] of parts) {
    store.writeJoinShard(i, part);
    made.set(i, shardSymbols(part));
  }
  return made;
}
