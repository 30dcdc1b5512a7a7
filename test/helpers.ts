import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseFile, type ParsedFile } from '../src/core/syntax';
import { main } from '../src/cli/main';

/** The repository root, found from the built test's location. */
export function repoRoot(): string {
  let dir = __dirname;
  for (let k = 0; k < 8; k++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'lockflow') return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the lockflow repository root');
}

export function fixturePath(...parts: string[]): string {
  return join(repoRoot(), 'test', 'fixtures', ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

export async function parseFixture(...parts: string[]): Promise<ParsedFile> {
  return parseFile(fixturePath(...parts), readFixture(...parts));
}

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (t) => (stdout += t + '\n'), err: (t) => (stderr += t + '\n') });
  return { code, stdout, stderr };
}

/** 1-based line of the first occurrence of `needle` in `text`. */
export function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`'${needle}' not in text`);
  return text.slice(0, at).split('\n').length;
}
