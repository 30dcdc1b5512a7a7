/** The tree index: records of each file, joined into symbols, kept in a cache directory, read by reviews. */
export { fileRecord, recordHash, hasLockEffects } from './fileRecord';
export { joinRecords, joinState, applyRecord, emptyJoin, pruneJoin, shardSymbols, splitJoin, mergeJoin, coverage, assembleSymbols, type JoinState } from './symbols';
export { SHARDS, shardOf, shardsOfRecord } from './shard';
export { treeFacts, type TreeFacts } from './facts';
export { defaultIndexDir, IndexStore, type Manifest, type ManifestEntry } from './store';
export { TreeIndexReader, type IndexForReview } from './load';
export { INDEX_FORMAT, JOIN_FORMAT, type FileRecord, type TreeSymbols, type TreeCallers, type SymbolsHead, type SymbolsShard } from './types';
