/** The tree index: records of each file, joined into symbols, kept in a cache directory, read by reviews. */
export { fileRecord, recordHash, hasLockEffects } from './fileRecord';
export { joinRecords, joinState, applyRecord, emptyJoin, pruneJoin, symbolsOf, type JoinState } from './symbols';
export { treeFacts, type TreeFacts } from './facts';
export { defaultIndexDir, IndexStore, type Manifest, type ManifestEntry } from './store';
export { TreeIndexReader, type IndexForReview } from './load';
export { INDEX_FORMAT, type FileRecord, type TreeSymbols, type TreeCallers } from './types';
