/**
 * The one way Lockflow opens a file of the user's (CLI and editor): the real path must lie inside
 * the root it was named under (a diff path under --base or a workspace folder), it must be a
 * regular file (devices report size 0 and never end; a FIFO blocks), and at most the size cap plus
 * one byte is read. Every refusal is an InputError that names the path, never the file's text.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError, MAX_INPUT_BYTES, rejectText } from './validate';

/** True when `path` is `root` itself or below it (both absolute and resolved). */
export function isInside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === '' || (r !== '..' && !r.startsWith('..' + sep) && !isAbsolute(r));
}

/** `rel` (a diff's path) under `root`, or undefined when it is absolute or climbs out with `..`. */
export function joinInside(root: string, rel: string): string | undefined {
  if (isAbsolute(rel)) return undefined;
  const p = resolve(root, rel);
  return isInside(resolve(root), p) ? p : undefined;
}

/** The error code of a failed fs call ('ENOENT'), for one-line messages. */
export function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'error';
}

/** The real path of `path`, refused when it is not below `within`'s real path. */
function realInside(path: string, within?: string): string {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    const code = errno(e);
    throw new InputError(code === 'ENOENT' ? `${path}: no such file or directory` : code === 'ELOOP' ? `${path}: too many symbolic links` : `${path}: cannot read (${code})`);
  }
  if (within !== undefined) {
    let root: string;
    try {
      root = realpathSync(within);
    } catch {
      throw new InputError(`${within}: no such file or directory`);
    }
    if (!isInside(root, real)) throw new InputError(`${path} is outside ${within}; refused`);
  }
  return real;
}

/** Reads a user's file as UTF-8 text; `within` confines it (symlinks included) to a directory. */
export function readUserFile(path: string, within?: string): string {
  const real = realInside(path, within);
  let fd: number;
  try {
    // Non-blocking: opening a FIFO with no writer would otherwise wait for ever.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new InputError(`${path}: cannot read (${errno(e)})`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${path} is a directory; give a file`);
    if (!st.isFile()) throw new InputError(`${path} is not a regular file (a device, FIFO or socket); refused`);
    const text = readCapped(fd, path, st.size).toString('utf8');
    const why = rejectText(text, path);
    if (why) throw new InputError(why);
    return text;
  } finally {
    closeSync(fd);
  }
}

/** A base file read under a root, with the path it was read at; or why not (the patch is then reviewed without it). */
export type InsideRead = { path: string; text: string } | { missing: string; absent?: true };

/**
 * Reads `rel` (a diff's path) under `root` with readUserFile's refusals returned, not thrown: an
 * absolute or climbing path, a symlink out of the root, a device, a file over the cap. `absent`
 * marks a file that is not there, for a caller with several roots to try the next;
 * `rootName` names the root in the refusal.
 */
export function readInside(root: string, rel: string, rootName: string): InsideRead {
  const path = joinInside(root, rel);
  if (path === undefined) return { missing: `${rel} is outside ${rootName}; refused` };
  if (!existsSync(path)) return { missing: `${path}: no such file or directory`, absent: true };
  return orMissing(() => ({ path, text: readUserFile(path, root) }));
}

/** What `read` returns, or the InputError it throws as `missing`: a base that cannot be read is not fatal. */
export function orMissing<T>(read: () => T): T | { missing: string } {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError) return { missing: e.message };
    throw e;
  }
}

/** At most MAX_INPUT_BYTES + 1 bytes: one more than the cap is enough to refuse. `size` (fstat's) sizes the first buffer only. */
function readCapped(fd: number, path: string, size: number): Buffer {
  const buf = Buffer.alloc(Math.min(MAX_INPUT_BYTES + 1, Math.max(size + 1, 65536)));
  let got = 0;
  let grown = buf;
  for (;;) {
    if (got === grown.length) {
      if (grown.length > MAX_INPUT_BYTES) break;
      const bigger = Buffer.alloc(Math.min(MAX_INPUT_BYTES + 1, grown.length * 2));
      grown.copy(bigger, 0, 0, got);
      grown = bigger;
    }
    let n: number;
    try {
      n = readSync(fd, grown, got, grown.length - got, null);
    } catch (e) {
      throw new InputError(`${path}: cannot read (${errno(e)})`);
    }
    if (n === 0) break;
    got += n;
  }
  if (got > MAX_INPUT_BYTES) throw new InputError(`${path} is over ${MAX_INPUT_BYTES / 1048576} MB; Lockflow reads at most ${MAX_INPUT_BYTES / 1048576} MB`);
  return grown.subarray(0, got);
}
