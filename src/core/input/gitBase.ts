/**
 * Bases from git, as `git am -3` and b4 find them: the preimage blob a patch's `index` line names,
 * or a file at a revision. Through the `git` command (arguments, never a shell string), with a
 * size cap and a time limit; every name handed to git is checked first, so nothing from a patch
 * becomes an option or leaves the repository's tree.
 */
import { execFileSync } from 'node:child_process';
import { MAX_INPUT_BYTES, rejectText } from './validate';

const TIMEOUT_MS = 20_000;

export interface GitRepo {
  /** The work tree's top directory: diff paths are relative to it. */
  root: string;
}

/** git's stdout, or undefined when git is missing or says no (exit status, too much output, time out). */
function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: MAX_INPUT_BYTES + 1, timeout: TIMEOUT_MS, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } });
  } catch {
    return undefined;
  }
}

/** The repository whose work tree holds `dir`, if any. */
export function gitRepoAt(dir: string): GitRepo | undefined {
  const root = git(dir, ['rev-parse', '--show-toplevel'])?.trim();
  return root ? { root } : undefined;
}

const OBJECT_ID = /^[0-9a-f]{7,64}$/;

/** The text of blob `id` (abbreviated, as in `index abc1234..def5678`), when the repository has exactly one such blob. */
export function gitBlob(repo: GitRepo, id: string): string | undefined {
  if (!OBJECT_ID.test(id) || /^0+$/.test(id)) return undefined;
  if (git(repo.root, ['cat-file', '-t', id])?.trim() !== 'blob') return undefined;
  return readText(repo, id);
}

/** A commit of the repository holding `cwd`, from a name the user gave (a commit, tag or branch). */
export function gitRevision(cwd: string, rev: string): { repo: GitRepo; commit: string } | undefined {
  // A name starting with '-' would be read as an option; git's own ref rules refuse the rest.
  if (!rev || rev.startsWith('-') || /[\0\s]/.test(rev)) return undefined;
  const repo = gitRepoAt(cwd);
  if (!repo) return undefined;
  const commit = git(repo.root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])?.trim();
  return commit && /^[0-9a-f]{40,64}$/.test(commit) ? { repo, commit } : undefined;
}

/** A diff path's text at `commit` (paths from the top of the repository); `missing` says why not. */
export function gitFileAt(repo: GitRepo, commit: string, path: string): { text: string } | { missing: string } {
  const parts = path.split('/');
  if (path.startsWith('/') || parts.some((p) => p === '..' || p === '.' || p === '') || /[\0\\]/.test(path)) return { missing: `${path} is outside the repository; refused` };
  if (git(repo.root, ['cat-file', '-t', `${commit}:${path}`])?.trim() !== 'blob') return { missing: `${path} is not in commit ${commit.slice(0, 12)}` };
  const text = readText(repo, `${commit}:${path}`);
  return text === undefined ? { missing: `${path} at ${commit.slice(0, 12)} is not text Lockflow reads (binary or over the size cap)` } : { text };
}

function readText(repo: GitRepo, object: string): string | undefined {
  const text = git(repo.root, ['cat-file', 'blob', object]);
  return text === undefined || rejectText(text, object) ? undefined : text;
}

/**
 * In a git work tree, each diff path's preimage blob, named by the `index` line of the first of
 * `files` (a series' file diffs, in order) that touches it, when the repository has it; undefined otherwise (the
 * caller reads the work tree, and the apply step says the blob differs).
 */
export function preimageReader(dir: string, files: Array<{ oldPath: string; index: string | null }>): (path: string) => { text: string; source: string } | undefined {
  const repo = gitRepoAt(dir);
  if (!repo) return () => undefined;
  const ids = new Map<string, string>();
  for (const f of files) if (f.index && !ids.has(f.oldPath)) ids.set(f.oldPath, f.index.split('..')[0]);
  return (path) => {
    const id = ids.get(path);
    const text = id === undefined ? undefined : gitBlob(repo, id);
    return text === undefined ? undefined : { text, source: `blob ${id} of ${path}, from the repository` };
  };
}

/** Files at a revision (a commit, tag or branch) of the repository holding `dir`, said as such; undefined when it is none. */
export function revisionReader(dir: string, rev: string): ((path: string) => { text: string; source: string } | { missing: string }) | undefined {
  const found = gitRevision(dir, rev);
  if (!found) return undefined;
  const commit = found.commit.slice(0, 12);
  return (path) => {
    const got = gitFileAt(found.repo, found.commit, path);
    return 'text' in got ? { text: got.text, source: `${path} at ${rev} (commit ${commit}), from the repository` } : got;
  };
}

/** The reviewer as git knows them (`user.name`, `user.email`, as `git send-email` would use), run in `dir`. */
export function gitIdentity(dir: string): { name: string; email: string } | undefined {
  const name = git(dir, ['config', '--get', 'user.name'])?.trim();
  const email = git(dir, ['config', '--get', 'user.email'])?.trim();
  return name && email ? { name, email } : undefined;
}
