/**
 * `lockflow index`: every .c file of a tree (or of some of its directories,
 * or one shard of them) analysed in parallel into records, unchanged files
 * skipped by size, time and then content, and the records joined into the
 * symbols reviews load.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { coverage, joinState, pruneJoin, splitJoin, INDEX_FORMAT, InputError, listCFiles, recordHash, type FileRecord, type IndexStore, type JoinState, type KnowledgeDocument, type Manifest, type SymbolsHead } from '../core';
import { cutRecord, IndexPool } from './pool';
import { JoinUpdate, writeShards } from './joinUpdate';

/** Kernel .c files are at most a few hundred kB; a file far above is not analysed. */
export const MAX_INDEXED_BYTES = 4 * 1024 * 1024;
/** The manifest is saved this often, so a stopped run resumes where it was. */
const SAVE_EVERY = 500;
/** Files looked at between two turns of the event loop. */
const YIELD_EVERY = 200;

export interface IndexOptions {
  root: string;
  store: IndexStore;
  /** Directories of the root to index (all of it when empty). */
  only: string[];
  shard?: { index: number; count: number };
  jobs: number;
  /** Per file, as the review's time budget. */
  budgetMs: number;
  knowledge: KnowledgeDocument[];
  /** What else records depend on: the Lockflow version. */
  version: string;
  progress(p: IndexProgress): void;
  /** Stops taking files (an editor's Cancel): what is done is kept, and the next run goes on from there. */
  signal?: AbortSignal;
}

export interface IndexProgress {
  done: number;
  total: number;
  lines: number;
  elapsedMs: number;
}

/** The time left at the pace so far, in ms (0 before the first file). */
export function msLeft(p: IndexProgress): number {
  return p.done ? ((p.total - p.done) * p.elapsedMs) / p.done : 0;
}

export interface IndexReport {
  root: string;
  dir: string;
  files: number;
  analysed: number;
  reused: number;
  lines: number;
  ms: number;
  /** Peak resident memory of the process, its worker threads included, in bytes. */
  peakRss: number;
  cut: Array<{ path: string; why: string }>;
  /** The symbols' head: what they cover, and how much each shard holds. */
  symbols: SymbolsHead;
  /** Cancelled before every file was done. */
  stopped: boolean;
}

/** The .c files to index, relative to the root with `/`, sorted; `--only` directories must lie in the root. */
export function filesToIndex(root: string, only: string[], shard?: IndexOptions['shard']): string[] {
  const dirs = only.length ? only.map((d) => inside(root, d)) : [root];
  // A symlinked file may point out of the tree: not read (symlinked directories are not followed either).
  // Listed below the root, so a file's name in the index is its path past the root's (path.relative for 30,000 files costs seconds).
  const rel = (p: string) => (p.startsWith(root + sep) ? p.slice(root.length + 1) : relative(root, p)).split(sep).join('/');
  const all = [...new Set(dirs.flatMap((d) => listCFiles(d, Infinity, { links: false, sorted: false })).filter((p) => p.endsWith('.c')).map(rel))].sort();
  return shard ? all.filter((_, i) => i % shard.count === shard.index) : all;
}

function inside(root: string, dir: string): string {
  const abs = resolve(root, dir);
  let real: string;
  try {
    if (!statSync(abs).isDirectory()) throw new Error();
    real = realpathSync(abs);
  } catch {
    throw new InputError(`--only ${dir}: not a directory of ${root}`);
  }
  // Resolved through symlinks too: a link in the tree to a directory elsewhere is not the tree.
  const top = realpathSync(root);
  if (real !== top && !real.startsWith(top + sep)) throw new InputError(`--only ${dir}: not inside ${root}`);
  return abs;
}

export function saltOf(version: string, knowledge: KnowledgeDocument[]): string {
  return `${version}\u0000${JSON.stringify(knowledge)}`;
}

export async function indexTree(o: IndexOptions): Promise<IndexReport> {
  const t0 = performance.now();
  const salt = saltOf(o.version, o.knowledge);
  const pool = new IndexPool(o.jobs, { knowledge: o.knowledge });
  pool.warm();
  const files = filesToIndex(o.root, o.only, o.shard);
  const old = o.store.readManifest();
  const same = !!old && old.salt === salt && old.root === o.root;
  const manifest: Manifest = { format: INDEX_FORMAT, root: o.root, salt, files: same ? old.files : {} };
  // The join of the last run, taken up when the first file turns out changed and updated by each (the shards its
  // records touch); without one, every record is joined again at the end. Until this run ends the join on disk no
  // longer matches the manifest: a run stopped midway leaves none, and the next joins afresh.
  let state: JoinUpdate | undefined;
  let fresh = !same;
  const kept = (): JoinUpdate | undefined => {
    if (state || fresh) return state;
    fresh = !o.store.hasJoin();
    o.store.dropJoin();
    if (!fresh) state = new JoinUpdate(o.store);
    return state;
  };
  // A shard of the join missing: it is made afresh at the end.
  const update = (r: FileRecord | undefined, path: string, sign: 1 | -1) => {
    const into = kept();
    if (into && r && !into.apply(r, path, sign)) {
      state = undefined;
      fresh = true;
    }
  };
  const readOld = (hash: string) => o.store.readRecord(hash);
  let done = 0;
  let lines = 0;
  let analysed = 0;
  // Saved every SAVE_EVERY changed files (a stopped run keeps them), and at the end if anything changed.
  let changed = 0;
  const save = () => {
    if (changed) o.store.writeManifest(manifest);
    changed = 0;
  };
  const deadlineMs = o.budgetMs * 3 + 10_000;
  // An unchanged file whose record went (a cache cleaned by hand) is analysed again.
  let stored: Set<string> | undefined;
  const hasRecord = (hash: string) => (stored ??= o.store.recordHashes()).has(hash) || o.store.hasRecord(hash);
  /** A manifest entry from a whole run whose record is still there. */
  const intact = (e: Manifest['files'][string], hash = e.hash) => e.hash === hash && typeof e.lines === 'number' && hasRecord(hash);
  const one = async (path: string): Promise<void> => {
    const abs = join(o.root, path);
    const st = statSync(abs);
    const known = manifest.files[path];
    if (!(known && known.size === st.size && known.mtimeMs === st.mtimeMs && intact(known))) {
      const text = st.size > MAX_INDEXED_BYTES ? undefined : readFileSync(abs, 'utf8');
      const hash = recordHash(text ?? `${st.size}`, salt);
      if (known && intact(known, hash)) {
        // Touched, not changed: the same record, the join as it was; only the manifest learns the new time.
        manifest.files[path] = { ...known, size: st.size, mtimeMs: st.mtimeMs };
      } else {
        // What the file said before leaves the join (its shards read while a worker analyses the new text), what it says now enters it.
        if (known) update(readOld(known.hash), path, -1);
        let record = o.store.readRecord(hash);
        if (!record) {
          analysed++;
          record = text === undefined ? cutRecord({ path, hash }, `${st.size} bytes, over the ${MAX_INDEXED_BYTES}-byte cap`) : (await pool.run({ path, abs, hash, budgetMs: o.budgetMs }, deadlineMs)).record;
          o.store.writeRecord(record);
        }
        update(record, path, 1);
        manifest.files[path] = { size: st.size, mtimeMs: st.mtimeMs, hash: record.hash, lines: record.lines, ...(record.cut ? { cut: record.limits[0] ?? 'cut by a bound' } : {}) };
      }
      if (++changed >= SAVE_EVERY) save();
    }
    lines += manifest.files[path].lines;
    done++;
    o.progress({ done, total: files.length, lines, elapsedMs: performance.now() - t0 });
  };
  try {
    // As many files in flight as workers: each worker takes the next file when it is free.
    let next = 0;
    let unheard = 0;
    await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, async () => {
      while (next < files.length && !o.signal?.aborted) {
        await one(files[next++]);
        // An unchanged file never waits: the event loop gets a turn now and then, or a worker coming
        // online (or done) is not heard until every file has been looked at.
        if (++unheard >= YIELD_EVERY) {
          unheard = 0;
          await new Promise(setImmediate);
        }
      }
    }));
  } finally {
    await pool.close();
  }
  // Files gone from the tree leave the manifest and the join (only those this run was asked to cover).
  const covered = new Set(files);
  const stopped = !!o.signal?.aborted;
  for (const path of Object.keys(manifest.files)) {
    if (covered.has(path) || o.only.length || o.shard || stopped) continue;
    update(readOld(manifest.files[path].hash), path, -1);
    delete manifest.files[path];
    changed++;
  }
  save();
  // Nothing changed: the symbols written last time stand (if the run that wrote them ended).
  const unchanged = !state && !fresh && o.store.hasJoin() ? o.store.readSymbolsHead() : undefined;
  const symbols = unchanged ?? writeJoined(o.store, manifest, state);
  const cut = files.flatMap((path) => (manifest.files[path]?.cut ? [{ path, why: manifest.files[path].cut! }] : []));
  return { root: o.root, dir: o.store.dir, files: done, analysed, reused: done - analysed, lines, ms: performance.now() - t0, peakRss: process.resourceUsage().maxRSS * 1024, cut, symbols, stopped };
}

/** The join updated (or, without one, every record joined afresh) written with its symbols; the join marked whole last. */
function writeJoined(store: IndexStore, manifest: Manifest, update?: JoinUpdate): SymbolsHead {
  const old = store.readSymbolsHead();
  let made;
  if (update && old) made = update.save();
  else {
    store.dropJoin(true);
    const state = joinStore(store, manifest);
    pruneJoin(state);
    made = writeShards(store, splitJoin(state));
  }
  const head = store.writeSymbols({ root: manifest.root, ...coverage(Object.entries(manifest.files)) }, made, old);
  store.keepJoin();
  return head;
}

/** The join of every file the manifest lists, read one record at a time in path order. */
export function joinStore(store: IndexStore, manifest: Manifest): JoinState {
  function* records(): Generator<FileRecord> {
    for (const path of Object.keys(manifest.files).sort()) {
      const r = store.readRecord(manifest.files[path].hash);
      if (r) yield { ...r, path };
    }
  }
  return joinState(records());
}

/** Indexes made apart (shards on other machines) joined into `into`: records copied, manifests merged. */
export function mergeIndexes(into: IndexStore, from: IndexStore[]): SymbolsHead {
  let merged: Manifest | undefined = into.readManifest();
  for (const s of from) {
    const m = s.readManifest();
    if (!m) throw new InputError(`${s.dir}: not a Lockflow index (no manifest of format ${INDEX_FORMAT})`);
    if (merged && merged.salt !== m.salt) throw new InputError(`${s.dir}: made by another Lockflow version or knowledge than the other indexes; index every shard with the same ones`);
    merged ??= { ...m, files: {} };
    for (const [path, entry] of Object.entries(m.files)) {
      const r = s.readRecord(entry.hash);
      if (!r) continue;
      if (!into.hasRecord(entry.hash)) into.writeRecord(r);
      merged.files[path] = entry;
    }
  }
  if (!merged) throw new InputError('--merge: no index given');
  into.writeManifest(merged);
  return writeJoined(into, merged);
}

export const defaultJobs = (): number => Math.max(1, availableParallelism());
