/**
 * Loads the CLI bundle through a V8 code cache. Node 20 compiles the 1 MB bundle at every start,
 * and each function again when first called (module.enableCompileCache is node 22); from the cache
 * V8 takes the bytecode of an earlier run instead. The cache is one file per bundle content, node
 * version and node flags in $XDG_CACHE_HOME/lockflow/v8 (else ~/.cache/lockflow/v8), the eight
 * most recent kept. It is used only when its header names that same key and its checksum holds
 * (and V8 checks its own version and flags again). Reading or writing it never fails a run:
 * without it the bundle is compiled as node would.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Script } from 'node:vm';

/** What the cache did for this load: used, refused by V8 or by its header, missing, or not used at all. */
export type CacheState = 'accepted' | 'rejected' | 'stale' | 'absent' | 'off';

export interface CachedLoad {
  exports: Record<string, unknown>;
  cache: CacheState;
  /** Writes the cache when this run compiled what it lacked; never throws. */
  save(): void;
}

interface Header {
  /** Hash of the bundle's bytes with node's and V8's versions, the platform and node's flags (also the file's name). */
  key: string;
  /** Hash of the cached data: a damaged file is never handed to V8. */
  data: string;
  /** The runs (command names) whose functions the cache holds: a new one adds its own. */
  labels: string[];
}

/** A cache is rewritten at most this many times for new commands: an odd argument is no command. */
const MAX_LABELS = 16;

/** Caches kept in the directory (each build makes a new one): the most recently written. */
const MAX_FILES = 8;

function sha1(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/** $XDG_CACHE_HOME/lockflow/v8 (relative XDG paths are ignored, as the spec says), else ~/.cache/lockflow/v8. */
export function defaultCodeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'lockflow', 'v8');
  try {
    const home = homedir();
    return home ? join(home, '.cache', 'lockflow', 'v8') : undefined;
  } catch {
    // No home directory (a service account): no cache.
    return undefined;
  }
}

function readCache(path: string, key: string): { data: Buffer; labels: string[] } | 'stale' | undefined {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return undefined;
  }
  const nl = file.indexOf(0x0a);
  if (nl < 0) return 'stale';
  try {
    const header = JSON.parse(file.subarray(0, nl).toString('utf8')) as Header;
    const data = file.subarray(nl + 1);
    if (header.key !== key || header.data !== sha1(data) || !Array.isArray(header.labels)) return 'stale';
    return { data, labels: header.labels };
  } catch {
    return 'stale';
  }
}

/** Written beside, then renamed: a concurrent run reads the old cache or the new one, never half of one. */
function writeCache(path: string, key: string, makeData: () => Buffer, labels: string[]): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // A directory this run cannot write to: no cache data made for nothing at every exit.
  accessSync(dirname(path), constants.W_OK);
  const data = makeData();
  const header: Header = { key, data: sha1(data), labels };
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), data]), { mode: 0o600 });
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
  pruneOldCaches(dirname(path));
}

function pruneOldCaches(dir: string): void {
  const caches = readdirSync(dir)
    .filter((name) => name.endsWith('.cache'))
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of caches.slice(MAX_FILES)) rmSync(old.path, { force: true });
}

/**
 * Runs `file` (a CommonJS bundle) as node's loader would, with the code cache in `cacheDir`
 * (undefined: none). `label` names the run (the command), so the cache grows to cover each command.
 */
export function loadWithCodeCache(file: string, label: string, cacheDir: string | undefined): CachedLoad {
  file = resolve(file);
  const bytes = readFileSync(file);
  // An ASCII bundle is read as a one-byte string: half the memory, and faster than decoding UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  // V8 refuses a cache made under other flags: runs with other flags get a cache of their own.
  const runtime = [process.version, process.versions.v8, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? ''];
  const key = sha1(`${runtime.join('\0')}\0${sha1(bytes)}`);
  const path = cacheDir && join(cacheDir, `${key}.cache`);
  const found = path ? readCache(path, key) : undefined;
  const cached = typeof found === 'object' ? found : undefined;
  // The wrapper node puts around a CommonJS module (the bundle uses module.exports only); its "use strict" still applies.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, { filename: file, cachedData: cached?.data });
  const cache: CacheState = !path ? 'off' : cached ? (script.cachedDataRejected ? 'rejected' : 'accepted') : found === 'stale' ? 'stale' : 'absent';
  const bundle = { exports: {} as Record<string, unknown>, filename: file, id: file, loaded: false };
  (script.runInThisContext() as (...args: unknown[]) => void).call(bundle.exports, bundle.exports, createRequire(file), bundle, file, dirname(file));
  bundle.loaded = true;
  const known = cache === 'accepted' ? cached!.labels : [];
  const wanted = cache !== 'off' && !known.includes(label) && known.length < MAX_LABELS;
  let saved = false;
  return {
    exports: bundle.exports,
    cache,
    save() {
      if (!wanted || saved) return;
      saved = true;
      try {
        writeCache(path!, key, () => script.createCachedData(), [...known, label]);
      } catch {
        // A cache that cannot be written (read-only home, full disk) is a slower next start, nothing more.
      }
    },
  };
}

/** bin/lockflow.js: the bundle's exports, its cache written when the process exits. */
export function requireCached(file: string, label: string | undefined): Record<string, unknown> {
  // Node maps stack traces to the TypeScript only for what its own loader loaded.
  if (process.sourceMapsEnabled) return createRequire(file)(file);
  const load = loadWithCodeCache(file, /^[a-z-]{1,24}$/.test(label ?? '') ? label! : 'other', defaultCodeCacheDir());
  process.once('exit', () => load.save());
  return load.exports;
}
