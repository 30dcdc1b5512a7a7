/**
 * The CLI's cold start (issue 18: at most 0.2 s for a 50-line file), in child processes: node's own
 * start, `lockflow --version` (node plus loading the CLI bundle) and `lockflow review` (plus the
 * command: grammar wasm, analysis, output), as users run it (from the V8 code cache that
 * bin/lockflow.js keeps under $XDG_CACHE_HOME/lockflow) and without the cache (a first run).
 * The variants take turns in each round, so a busy machine weighs on all of them alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round } from './stats';

/** Median wall time of a command, and the spread around it. */
export interface Timing {
  ms: number;
  minMs: number;
  maxMs: number;
}

export interface ColdCli {
  /** From the code cache: `lockflow review` of the 3,000-line file. */
  reviewMs: number;
  /** The same on a 50-line file: what one file of a patch costs. */
  smallReviewMs: number;
  /** `lockflow --version`: node's start plus loading the CLI bundle, the floor under any command. */
  versionMs: number;
  exitCode: number | null;
  /** Node starting an empty script: the part no change to Lockflow removes. */
  node: Timing;
  cached: { version: Timing; smallReview: Timing };
  /** With no code cache (its directory cannot be made): a run that neither reads nor writes one. */
  uncached: { version: Timing; smallReview: Timing };
}

interface Variant {
  args: string[];
  /** Where the code cache goes: a fresh directory, or below a plain file, where none can be made. */
  cacheHome: string;
}

function timings(variants: Variant[], runs: number): Array<Timing & { status: number | null }> {
  const times: number[][] = variants.map(() => []);
  const status: Array<number | null> = variants.map(() => null);
  // Round 0 is not counted: it writes the code cache, and it warms the page cache.
  for (let round = 0; round <= runs; round++) {
    variants.forEach((v, k) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, v.args, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, XDG_CACHE_HOME: v.cacheHome } });
      if (round > 0) times[k].push(performance.now() - t0);
      status[k] = r.status;
    });
  }
  return times.map((t, k) => ({ ms: round(median(t)), minMs: round(Math.min(...t)), maxMs: round(Math.max(...t)), status: status[k] }));
}

export function coldCliFigures(root: string, file: string, runs: number): ColdCli {
  const dir = mkdtempSync(join(tmpdir(), 'lockflow-cold-'));
  const empty = join(dir, 'empty.js');
  writeFileSync(empty, '');
  const noCache = join(dir, 'not-a-directory');
  writeFileSync(noCache, '');
  const cached = join(dir, 'cache');
  const bin = join(root, 'bin', 'lockflow.js');
  const review = (input: string) => [bin, 'review', input, '--format', 'json', '--fail-on', 'none'];
  const small = review(join(root, 'test', 'fixtures', 'locks', 'store-type-inversion.c'));
  const [node, version, smallReview, bigReview, versionUncached, smallUncached] = timings(
    [
      { args: [empty], cacheHome: noCache },
      { args: [bin, '--version'], cacheHome: cached },
      { args: small, cacheHome: cached },
      { args: review(file), cacheHome: cached },
      { args: [bin, '--version'], cacheHome: noCache },
      { args: small, cacheHome: noCache },
    ],
    runs,
  );
  const timing = ({ ms, minMs, maxMs }: Timing): Timing => ({ ms, minMs, maxMs });
  return {
    reviewMs: bigReview.ms,
    smallReviewMs: smallReview.ms,
    versionMs: version.ms,
    exitCode: bigReview.status,
    node: timing(node),
    cached: { version: timing(version), smallReview: timing(smallReview) },
    uncached: { version: timing(versionUncached), smallReview: timing(smallUncached) },
  };
}
