/**
 * Temporary directories for tests, removed when the test file's process exits: a test run
 * leaves nothing of its own behind in the system's temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A new empty directory `lockflow-<name>-XXXXXX` under the system's temporary directory. */
export function tempDir(name: string): string {
  if (!made.length) process.once('exit', removeAll);
  const dir = mkdtempSync(join(tmpdir(), `lockflow-${name}-`));
  made.push(dir);
  return dir;
}

function removeAll(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
}
