/**
 * The tree index a review uses: the one named, or the one in the default
 * cache of the kernel tree the reviewed files lie in, when there is one. The
 * symbols are read again only when the index was rebuilt (an editor reviews
 * on every change).
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { treeOf } from '../input/includes';
import { treeFacts, type TreeFacts } from './facts';
import { defaultIndexDir, IndexStore } from './store';
import { LazyShards } from './lazyShards';

export interface IndexForReview {
  tree?: TreeFacts;
  /** What was used, or why none: for the review's notes. */
  note?: string;
}

export class TreeIndexReader {
  private readonly read = new Map<string, Symbols>();
  /** The facts last made, by what they were made of: an editor asks again for the same file at every change. */
  private last?: { stamp: string; made: IndexForReview };

  /** `dir`: an index directory; undefined: the default one of the files' tree, if it exists. */
  forReview(paths: string[], dir?: string): IndexForReview {
    if (!paths.length) return {};
    const root = treeOf(paths[0], existsSync);
    const where = dir ? resolve(dir) : root ? defaultIndexDir(root) : undefined;
    const got = where ? this.symbolsIn(where) : undefined;
    if (!got) return dir ? { note: `${dir}: no Lockflow index there (run lockflow index)` } : {};
    const { shards, mtimeMs } = got;
    const { head } = shards;
    const reviewed = new Set(paths.map((p) => relative(head.root, resolve(p)).split(sep).join('/')).filter((p) => !p.startsWith('..')));
    // Which index, as rebuilt when, for which files: the facts are the same while these are.
    const stamp = [where, mtimeMs, ...[...reviewed].sort()].join('\u0000');
    if (this.last?.stamp === stamp) return this.last.made;
    const made = { tree: treeFacts(shards, reviewed, stamp), note: `with the index of ${head.root} (${head.files} files${head.cut.length ? `, ${head.cut.length} cut by a bound` : ''})` };
    this.last = { stamp, made };
    return made;
  }

  private symbolsIn(dir: string): Symbols | undefined {
    const store = new IndexStore(dir);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(store.symbolsPath).mtimeMs;
    } catch {
      this.read.delete(dir);
      return undefined;
    }
    const known = this.read.get(dir);
    if (known?.mtimeMs === mtimeMs) return known;
    const head = store.readSymbolsHead();
    if (!head) return undefined;
    const fresh = { mtimeMs, shards: new LazyShards(head, (file) => store.readSymbolsShard(file)) };
    this.read.set(dir, fresh);
    return fresh;
  }
}

/** The symbols' head as read, by its time (a run rewrites it last), and its shards as a review asks for them. */
interface Symbols {
  mtimeMs: number;
  shards: LazyShards;
}
