/**
 * The index on disk, in a cache directory of its own: a manifest (each file's
 * size, time and content hash), one record per content hash, and the joined
 * symbols. Records are keyed by content, so an unchanged file is never
 * analysed twice and shards made on other machines merge by copying.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { INDEX_FORMAT, type FileRecord, type TreeSymbols } from './types';
import type { JoinState } from './symbols';

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

  readRecord(hash: string): FileRecord | undefined {
    const r = readJson<FileRecord>(this.recordPath(hash));
    return r && r.format === INDEX_FORMAT ? r : undefined;
  }

  writeRecord(r: FileRecord): void {
    const p = this.recordPath(r.hash);
    mkdirSync(join(p, '..'), { recursive: true });
    writeAtomic(p, JSON.stringify(r));
  }

  /** The join of the manifest's records, kept so a re-index updates it instead of reading every record. */
  readJoin(): JoinState | undefined {
    const j = readJson<JoinState>(this.joinPath);
    return j && j.format === INDEX_FORMAT ? j : undefined;
  }

  writeJoin(j: JoinState): void {
    writeAtomic(this.joinPath, JSON.stringify(j));
  }

  dropJoin(): void {
    rmSync(this.joinPath, { force: true });
  }

  private get joinPath(): string {
    return join(this.dir, 'join.json');
  }

  readSymbols(): TreeSymbols | undefined {
    const s = readJson<TreeSymbols>(this.symbolsPath);
    return s && s.format === INDEX_FORMAT ? s : undefined;
  }

  writeSymbols(s: TreeSymbols): void {
    writeAtomic(this.symbolsPath, JSON.stringify(s));
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
