/**
 * The tree index a review uses: the one named, or the one in the default
 * cache of the kernel tree the reviewed files lie in, when there is one.
 */
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { treeOf } from '../input/includes';
import { treeFacts, type TreeFacts } from './facts';
import { defaultIndexDir, IndexStore } from './store';

export interface IndexForReview {
  tree?: TreeFacts;
  /** What was used, or why none: for the review's notes. */
  note?: string;
}

/** `dir`: an index directory; undefined: the default one of the files' tree, if it exists. */
export function indexForReview(paths: string[], dir?: string): IndexForReview {
  if (!paths.length) return {};
  const root = treeOf(paths[0], existsSync);
  const where = dir ? resolve(dir) : root ? defaultIndexDir(root) : undefined;
  if (!where) return {};
  const symbols = new IndexStore(where).readSymbols();
  if (!symbols) return dir ? { note: `${dir}: no Lockflow index there (run lockflow index)` } : {};
  const reviewed = new Set(paths.map((p) => relative(symbols.root, resolve(p)).split(sep).join('/')).filter((p) => !p.startsWith('..')));
  const tree = treeFacts(symbols, reviewed);
  return { tree, note: `with the index of ${symbols.root} (${symbols.files} files${symbols.cut.length ? `, ${symbols.cut.length} cut by a bound` : ''})` };
}
