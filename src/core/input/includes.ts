/**
 * The headers a kernel C file includes directly, found in its tree: their
 * struct declarations name lock classes (`dentry.d_lock` needs `struct
 * dentry`), and their static inline functions are the lock wrappers the file
 * calls (`task_rq_unlock()` in kernel/sched/sched.h). They are read as
 * context: analysed for summaries and types, never reported on.
 */
import { closeSync, constants, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readUserFile } from './userFile';

/** Bounds on what one file's context may cost. */
export const MAX_CONTEXT_HEADERS = 64;
export const MAX_CONTEXT_BYTES = 6 * 1024 * 1024;

const INCLUDE = /^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]+)[>"]/gm;

/** Where a kernel tree keeps the headers `#include <...>` names (x86's arch headers as the common case). */
const ANGLE_DIRS = ['include', 'arch/x86/include', 'include/uapi', 'arch/x86/include/generated'];

export interface IncludeRef {
  quoted: boolean;
  path: string;
}

/** `#include "sched.h"` and `#include <linux/dcache.h>`, in order, each once. */
export function includesOf(text: string): IncludeRef[] {
  const seen = new Set<string>();
  const out: IncludeRef[] = [];
  for (const m of text.matchAll(INCLUDE)) {
    const key = m[1] + m[2];
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ quoted: m[1] === '"', path: m[2].trim() });
  }
  return out;
}

/** A directory is a kernel tree when it has a Kbuild file and include/linux. */
export function isKernelTree(dir: string, exists: (p: string) => boolean): boolean {
  return exists(join(dir, 'Kbuild')) && exists(join(dir, 'include', 'linux'));
}

/** The kernel tree a file lies in: the nearest parent directory that is one. */
export function treeOf(file: string, exists: (p: string) => boolean): string | undefined {
  let dir = dirname(resolve(file));
  for (let k = 0; k < 32; k++) {
    if (isKernelTree(dir, exists)) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

export interface ContextHeaders {
  /** `driverPrivate`: a header of the file's own directory that no other C file there includes (its structs are the file's alone). */
  headers: Array<{ path: string; text: string; driverPrivate?: boolean }>;
  /** What was left out, said in the review's limits. */
  limits: string[];
}

/** Reads a header's text; throws when it is refused or cannot be read. */
export type HeaderRead = (path: string) => string;

/**
 * Reads headers inside `tree`, each once by resolved path: the C files of one run
 * include mostly the same headers. A refusal is remembered as well. A header over
 * the context bound is never kept as context, so its text is not held.
 */
export function readEachOnce(tree: string, read: (path: string, within: string) => string = readUserFile): HeaderRead {
  const seen = new Map<string, { text: string } | { error: unknown }>();
  return (path) => {
    const key = resolve(path);
    let got = seen.get(key);
    if (!got) {
      try {
        got = { text: read(path, tree) };
      } catch (error) {
        got = { error };
      }
      if (!('text' in got) || got.text.length <= MAX_CONTEXT_BYTES) seen.set(key, got);
    }
    if ('error' in got) throw got.error;
    return got.text;
  };
}

/**
 * The headers `file` includes directly, read from `tree` (quoted ones from the
 * file's own directory first), each inside the tree, within the bounds.
 */
export function contextHeaders(file: string, text: string, tree: string, exists: (p: string) => boolean, read: HeaderRead = (p) => readUserFile(p, tree), others: SiblingIncludes = siblingIncludes): ContextHeaders {
  const headers: ContextHeaders['headers'] = [];
  const limits: string[] = [];
  let bytes = 0;
  let shared: ((header: string) => boolean) | undefined;
  // The subsystem's own headers ("sched.h") first: its lock wrappers live there.
  const incs = includesOf(text).sort((a, b) => Number(b.quoted) - Number(a.quoted));
  for (const inc of incs) {
    const candidates = [...(inc.quoted ? [join(dirname(file), inc.path)] : []), ...ANGLE_DIRS.map((d) => join(tree, d, inc.path))];
    const found = candidates.find((c) => exists(c));
    if (!found) continue;
    if (headers.length >= MAX_CONTEXT_HEADERS) {
      limits.push(`${file}: only the first ${MAX_CONTEXT_HEADERS} included headers were read for context`);
      break;
    }
    let body: string;
    try {
      body = read(found);
    } catch {
      continue;
    }
    if (bytes + body.length > MAX_CONTEXT_BYTES) {
      limits.push(`${file}: included headers past ${MAX_CONTEXT_BYTES / 1048576} MB were not read for context`);
      break;
    }
    bytes += body.length;
    // A header of the file's own directory no other C file there includes: the driver's, this file's alone.
    const own = inc.quoted && dirname(found) === dirname(file);
    headers.push({ path: found, text: body, ...(own && !(shared ??= others(file))(basename(found)) ? { driverPrivate: true } : {}) });
  }
  return { headers, limits };
}

/** Whether another C file in a file's directory includes a header of that directory, by name (`myrb.h`). */
export type SiblingIncludes = (file: string) => (header: string) => boolean;

/** Other C files a directory may hold before its headers are all taken as shared. */
const MAX_SIBLINGS = 512;
/** Where a C file's includes are: its first bytes. */
const INCLUDES_WITHIN = 16384;

/** The C files of a directory, and the quoted headers each includes (by name) where they were read. */
interface DirectoryIncludes {
  names: string[];
  /** Undefined when there are too many to read (every header there counts as shared). */
  includes?: Map<string, Set<string>>;
}

/** The first bytes of each `.c` file of a directory but `skip`, within bounds. */
function directoryIncludes(dir: string, skip?: string): DirectoryIncludes {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.c'));
  } catch {
    names = [];
  }
  // Past the bound, no file there has siblings few enough to read (siblingsOf()).
  if (names.length > MAX_SIBLINGS + 1) return { names };
  const includes = new Map<string, Set<string>>();
  const buf = Buffer.alloc(INCLUDES_WITHIN);
  for (const n of names) {
    if (n === skip) continue;
    let fd: number | undefined;
    try {
      // Regular files only: a link may lead out of the tree, a FIFO would block the read.
      if (!lstatSync(join(dir, n)).isFile()) continue;
      fd = openSync(join(dir, n), constants.O_RDONLY | constants.O_NONBLOCK);
      const head = buf.toString('utf8', 0, readSync(fd, buf, 0, INCLUDES_WITHIN, 0));
      includes.set(n, new Set(includesOf(head).flatMap((inc) => (inc.quoted ? [basename(inc.path)] : []))));
    } catch {
      // Unreadable: it includes nothing we can know of.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return { names, includes };
}

/** Whether a C file of the directory other than `file` includes the header; all do, past the bound. */
function siblingsOf(file: string, dir: DirectoryIncludes): (header: string) => boolean {
  const others = dir.names.filter((n) => n !== basename(file));
  const includes = dir.includes;
  if (others.length > MAX_SIBLINGS || !includes) return () => true;
  return (header) => others.some((n) => !!includes.get(n)?.has(header));
}

/** SiblingIncludes read from disk: the first bytes of each other `.c` file of the directory, within bounds. */
export function siblingIncludes(file: string): (header: string) => boolean {
  return siblingsOf(file, directoryIncludes(dirname(file), basename(file)));
}

/** SiblingIncludes for the files of one review: each directory is read once, for all of its files. */
export function siblingIncludesOnce(): SiblingIncludes {
  const dirs = new Map<string, DirectoryIncludes>();
  return (file) => {
    const dir = dirname(file);
    let read = dirs.get(dir);
    if (!read) dirs.set(dir, (read = directoryIncludes(dir)));
    return siblingsOf(file, read);
  };
}

/**
 * The headers that `files` (the C files of one review) include, each header
 * once, with every file's limits; `read` is shared so a header is read once.
 */
export function contextHeadersOf(files: Array<{ path: string; text: string }>, tree: string, exists: (p: string) => boolean, read: HeaderRead = readEachOnce(tree)): ContextHeaders {
  const out: ContextHeaders = { headers: [], limits: [] };
  // A header that is also a reviewed file is not context.
  const seen = new Set(files.map((f) => resolve(f.path)));
  const others = siblingIncludesOnce();
  for (const f of files.filter((x) => x.path.endsWith('.c'))) {
    const found = contextHeaders(f.path, f.text, tree, exists, read, others);
    out.limits.push(...found.limits);
    for (const h of found.headers) {
      if (seen.has(resolve(h.path))) continue;
      seen.add(resolve(h.path));
      out.headers.push(h);
    }
  }
  return out;
}
