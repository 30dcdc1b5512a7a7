/**
 * What a review takes from the tree's symbols: the files under review are
 * analysed anew, so their own records (older texts) are left out.
 */
import type { TreeFacts } from '../locks/treeFacts';
import { LazyShards, own, ShardedMap, ShardedSet } from './lazyShards';
import type { TreeCallSite, TreeSummary } from './types';

export type { TreeFacts };

/**
 * The tree's facts for a review of `reviewed` (paths relative to the root, with `/`): each name
 * looked up in its shard when the review first asks for it; `stamp` tells this index's version
 * and those files apart.
 */
export function treeFacts(shards: LazyShards, reviewed: ReadonlySet<string>, stamp: string): TreeFacts {
  const { head } = shards;
  const summaries = new ShardedMap<TreeSummary>(shards, (shard, name) => {
    const s = own(shard.summaries, name);
    return s && !reviewed.has(s.file) ? s : undefined;
  }, (shard) => Object.keys(shard.summaries));
  const callers = new ShardedMap<Array<TreeCallSite & { file: string }>>(shards, (shard, name) => {
    const c = own(shard.callers, name);
    if (!c || (c.bareIn && !reviewed.has(c.bareIn))) return undefined;
    const held = c.held.filter((s) => !reviewed.has(s.file));
    return held.length ? held : undefined;
  }, (shard) => Object.keys(shard.callers));
  const valueUsed = new ShardedSet(new ShardedMap<true>(shards, (shard, name) => (shard.valueUsed.includes(name) ? true : undefined), (shard) => shard.valueUsed));
  return {
    root: head.root,
    stamp,
    summaries,
    callers,
    valueUsed,
    orders: head.orders.filter((o) => !reviewed.has(o.file)),
    files: head.files,
    cut: head.cut.length,
  };
}
