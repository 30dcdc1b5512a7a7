/**
 * Figures measured in child processes: scaling (peak RSS per size) and Coccinelle's spatch on
 * the same file when it is installed (the CLI's cold start is coldStart.ts).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median, round } from './stats';

export interface ScalePoint {
  files: number;
  lines: number;
  ms: number;
  msPerKLine: number;
  peakRssMb: number;
  functions: number;
  findings: number;
}

/** Each size in a fresh process, `runs` times; the median time, and the largest peak RSS seen. */
export function scaleFigures(sizes: number[], linesPerFile: number, runs: number): ScalePoint[] {
  return sizes.map((files) => {
    const results = Array.from({ length: runs }, () => {
      const r = spawnSync(process.execPath, [join(__dirname, 'scaleWorker.js'), String(files), String(linesPerFile)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`scale worker for ${files} files failed: ${r.stderr}`);
      return JSON.parse(r.stdout) as { lines: number; ms: number; peakRssMb: number; functions: number; findings: number };
    });
    const ms = median(results.map((r) => r.ms));
    return {
      files,
      lines: results[0].lines,
      ms: round(ms),
      msPerKLine: round(ms / (results[0].lines / 1000)),
      peakRssMb: round(Math.max(...results.map((r) => r.peakRssMb)), 1),
      functions: results[0].functions,
      findings: results[0].findings,
    };
  });
}

/** How time grows with lines between the smallest and largest size: 1 is linear. */
export function growthExponent(points: ScalePoint[]): number {
  const a = points[0];
  const b = points[points.length - 1];
  return round(Math.log(b.ms / a.ms) / Math.log(b.lines / a.lines));
}

function timedRuns(cmd: string, args: string[], runs: number): { ms: number; status: number | null; stdout: string } {
  const times: number[] = [];
  let last = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    last = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    times.push(performance.now() - t0);
  }
  return { ms: round(median(times)), status: last.status, stdout: last.stdout ?? '' };
}

export type Coccinelle = { absent: string } | { version: string; ms: number; matchedLines: number; semanticPatch: string };

export function coccinelleFigures(root: string, file: string, runs: number): Coccinelle {
  const probe = spawnSync('spatch', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { absent: "Coccinelle's spatch is not on PATH (Debian: apt-get install coccinelle); no peer figure" };
  const cocci = join(root, 'bench', 'lock.cocci');
  const r = timedRuns('spatch', ['--sp-file', cocci, '--no-includes', '--very-quiet', file], runs);
  return { version: probe.stdout.split('\n')[0].trim(), ms: r.ms, matchedLines: r.stdout.split('\n').filter((l) => /^-[^-]/.test(l)).length, semanticPatch: 'bench/lock.cocci' };
}
