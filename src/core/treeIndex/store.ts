/**
 * The index on disk, in a cache directory of its own: a manifest (each file's
 * size, time and content hash), one record per content hash, the join kept
 * between runs and the joined symbols, both in shards by name (shard.ts).
 * Records are keyed by content, so an unchanged file is never analysed twice
 * and shards made on other machines merge by copying.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { INDEX_FORMAT, JOIN_FORMAT, type FileRecord, type SymbolsHead, type SymbolsShard, type TreeSymbols } from './types';
import { assembleSymbols, orderGroups, type JoinState } from './symbols';
import { orderKey, shardOf, SHARDS } from './shard';

export interface ManifestEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  lines: number;
  /** Why the record is partial (the first limit), when a bound cut it. */
  cut?: string;
}

export interface Manifest {
  format: number;
  root: string;
  /** What else the records depend on (Lockflow's version, the knowledge used). */
  salt: string;
  files: Record<string, ManifestEntry>;
}

/** Where the index of a tree lives by default: `$XDG_CACHE_HOME/lockflow/index/<tree>`. */
export function defaultIndexDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  const key = createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16);
  return join(base, 'lockflow', 'index', key);
}

export class IndexStore {
  constructor(readonly dir: string) {}

  private get manifestPath(): string {
    return join(this.dir, 'manifest.json');
  }

  get symbolsPath(): string {
    return join(this.dir, 'symbols.json');
  }

  private recordPath(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a record hash: ${hash}`);
    return join(this.dir, 'records', hash.slice(0, 2), `${hash}.json`);
  }

  readManifest(): Manifest | undefined {
    const m = readJson<Manifest>(this.manifestPath);
    return m && m.format === INDEX_FORMAT && typeof m.files === 'object' ? m : undefined;
  }

  writeManifest(m: Manifest): void {
    writeAtomic(this.manifestPath, JSON.stringify(m));
  }

  hasRecord(hash: string): boolean {
    return existsSync(this.recordPath(hash));
  }

  /** The hashes of every record stored: a few hundred directory reads, where a check per file of a tree is 30,000 calls. */
  recordHashes(): Set<string> {
    const out = new Set<string>();
    const top = join(this.dir, 'records');
    for (const sub of existsSync(top) ? readdirSync(top) : []) {
      for (const name of readdirSync(join(top, sub))) if (name.endsWith('.json')) out.add(name.slice(0, -5));
    }
    return out;
  }

  readRecord(hash: string): FileRecord | undefined {
    const r = readJson<FileRecord>(this.recordPath(hash));
    return r && r.format === INDEX_FORMAT ? r : undefined;
  }

  writeRecord(r: FileRecord): void {
    const p = this.recordPath(r.hash);
    mkdirSync(join(p, '..'), { recursive: true });
    writeAtomic(p, JSON.stringify(r));
  }

  /** Whether the join kept from the last run is whole and of this layout (a run stopped midway leaves none). */
  hasJoin(): boolean {
    const head = readJson<{ format: number; shards: number }>(this.joinHeadPath);
    return head?.format === JOIN_FORMAT && head.shards === SHARDS;
  }

  /** The join is about to change (`everyShard`: to be made anew): until `keepJoin`, what is on disk is not the manifest's join. */
  dropJoin(everyShard = false): void {
    rmSync(everyShard ? join(this.dir, 'join') : this.joinHeadPath, { recursive: true, force: true });
    mkdirSync(join(this.dir, 'join'), { recursive: true });
    // The unsharded join of format 1, 70 MB on a whole tree, is of no more use.
    rmSync(join(this.dir, 'join.json'), { force: true });
  }

  keepJoin(): void {
    writeAtomic(this.joinHeadPath, JSON.stringify({ format: JOIN_FORMAT, shards: SHARDS }));
  }

  /** One shard of the join (see shard.ts); undefined when missing or of another layout. */
  readJoinShard(shard: number): JoinState | undefined {
    const j = readJson<JoinState & { format: number; shard: number }>(this.joinShardPath(shard));
    if (!j || j.format !== JOIN_FORMAT || j.shard !== shard) return undefined;
    return { defs: j.defs, calls: j.calls, valueUses: j.valueUses, orders: j.orders };
  }

  /** Written in place (no rename, a tenth of a re-index's time): between `dropJoin` and `keepJoin` no shard is read as whole. */
  writeJoinShard(shard: number, part: JoinState): void {
    writeFileSync(this.joinShardPath(shard), JSON.stringify({ format: JOIN_FORMAT, shard, ...part }));
  }

  private get joinHeadPath(): string {
    return join(this.dir, 'join', 'head.json');
  }

  private joinShardPath(shard: number): string {
    return join(this.dir, 'join', `${shard}.json`);
  }

  /** The symbols' head: what the index covers and where each shard is. */
  readSymbolsHead(): SymbolsHead | undefined {
    const h = readJson<SymbolsHead>(this.symbolsPath);
    return h && h.format === JOIN_FORMAT && Array.isArray(h.shards) && h.shards.length === SHARDS && Array.isArray(h.orders) ? h : undefined;
  }

  readSymbolsShard(file: string): SymbolsShard | undefined {
    if (!/^\d+-[0-9a-f]{16}\.json$/.test(file)) return undefined;
    return readJson<SymbolsShard>(join(this.dir, 'symbols', file));
  }

  /**
   * The symbols with these shards made anew (the others as `old` has them): a shard is written
   * only when its text changed, under a name of its content, then the head names it. A reader
   * that read the old head finds the old shards until it reads again (they go only after).
   */
  writeSymbols(head: Omit<SymbolsHead, 'format' | 'shards' | 'orders'>, made: Map<number, SymbolsShard>, old?: SymbolsHead): SymbolsHead {
    const shards = Array.from({ length: SHARDS }, (_, i) => old?.shards[i] ?? { file: '', summaries: 0, callers: 0, orders: 0 });
    const gone: string[] = [];
    // Without symbols of this layout, what lies there is another layout's (no reader takes it): it goes.
    if (!old) rmSync(join(this.dir, 'symbols'), { recursive: true, force: true });
    mkdirSync(join(this.dir, 'symbols'), { recursive: true });
    for (const [i, part] of made) {
      const text = JSON.stringify(part);
      const file = `${i}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`;
      if (file === shards[i].file && existsSync(join(this.dir, 'symbols', file))) continue;
      // A new name, read only once the head names it: no rename needed.
      writeFileSync(join(this.dir, 'symbols', file), text);
      if (shards[i].file && shards[i].file !== file) gone.push(shards[i].file);
      shards[i] = { file, summaries: Object.keys(part.summaries).length, callers: Object.keys(part.callers).length, orders: part.orders.length };
    }
    const kept = (old?.orders ?? []).filter((o) => !made.has(shardOf(orderKey(o))));
    const written: SymbolsHead = { format: JOIN_FORMAT, ...head, shards, orders: orderGroups([{ orders: kept }, ...made.values()]) };
    writeAtomic(this.symbolsPath, JSON.stringify(written));
    for (const f of gone) rmSync(join(this.dir, 'symbols', f), { force: true });
    return written;
  }

  /** Every shard of the symbols as one; undefined without symbols of this layout. */
  readSymbols(): TreeSymbols | undefined {
    const got = this.readShards();
    return got && assembleSymbols(got.head.root, got.head, got.shards);
  }

  /** The head and every shard it names, of one run; undefined without symbols of this layout. */
  readShards(): { head: SymbolsHead; shards: SymbolsShard[] } | undefined {
    // A shard replaced by a run that ended meanwhile: read the new head once more.
    for (let attempt = 0; attempt < 2; attempt++) {
      const head = this.readSymbolsHead();
      if (!head) return undefined;
      const shards = head.shards.map((s) => this.readSymbolsShard(s.file));
      if (shards.every((p) => p)) return { head, shards: shards as SymbolsShard[] };
    }
    return undefined;
  }
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place: a reader never sees half a file, a crash never leaves one. */
function writeAtomic(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
