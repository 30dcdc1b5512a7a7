import { realpathSync, writeFileSync } from 'node:fs';
import { InputError, errno } from '../core';

function real(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Writes --output; refuses to overwrite an input, and says why a write fails in one line. */
export function writeOutput(path: string, text: string, inputs: string[]): void {
  const target = real(path);
  if (target !== undefined && inputs.some((i) => real(i) === target)) throw new InputError(`--output ${path} is one of the inputs; refusing to overwrite it`);
  try {
    writeFileSync(path, text);
  } catch (e) {
    const code = errno(e);
    const why: Record<string, string> = { ENOENT: 'its directory does not exist (or it is a dangling symbolic link)', EISDIR: 'it is a directory', ELOOP: 'too many symbolic links', EACCES: 'permission denied', ENOSPC: 'no space left on the device' };
    throw new InputError(`--output ${path}: cannot write (${why[code] ?? code})`);
  }
}
