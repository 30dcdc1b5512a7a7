/**
 * The tree index's figures (`npm run bench -- --tree DIR [--index-only SUBDIR]...`):
 * `lockflow index` over the tree in a fresh cache (files, lines, minutes, lines
 * per second, peak RSS, files cut), a re-index with nothing changed and one
 * after one file changed, and a review of one file with the index against the
 * same review without it.
 * Nothing of the tree is written: the change is made in the index's manifest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round } from './stats';

export interface IndexFigures {
  only: string[];
  files: number;
  lines: number;
  minutes: number;
  linesPerSecond: number;
  peakRssMb: number;
  filesCut: number;
  /** `lockflow index` again with nothing changed (median of the runs): its wall time, process start included. */
  reindexNoneMs: number;
  /** `lockflow index` again after one file changed: its wall time, process start included. */
  reindexOneMs: number;
  reviewFile: string;
  reviewAloneMs: number;
  reviewWithIndexMs: number;
}

export function indexFigures(root: string, tree: string, only: string[], runs: number): IndexFigures {
  const bin = join(root, 'bin', 'lockflow.js');
  const cache = mkdtempSync(join(tmpdir(), 'lockflow-index-bench-'));
  try {
    const onlyArgs = only.flatMap((d) => ['--only', d]);
    const index = () => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [bin, 'index', tree, '--cache', cache, '--format', 'json', ...onlyArgs], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0) throw new Error(`lockflow index failed: ${r.stderr}`);
      return { wall: performance.now() - t0, report: JSON.parse(r.stdout) as { files: number; lines: number; ms: number; peakRss: number; cut: unknown[] } };
    };
    const first = index().report;
    const reindexNoneMs = round(median(Array.from({ length: runs }, () => index().wall)));
    // One file changed: its manifest entry no longer matches and its record is gone, so it is analysed again.
    const manifestPath = join(cache, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, { mtimeMs: number; hash: string }> };
    const paths = Object.keys(manifest.files).sort();
    const reviewFile = paths.includes('drivers/iommu/iommu.c') ? 'drivers/iommu/iommu.c' : paths[Math.floor(paths.length / 2)];
    const entry = manifest.files[reviewFile];
    rmSync(join(cache, 'records', entry.hash.slice(0, 2), `${entry.hash}.json`), { force: true });
    entry.mtimeMs = -1;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const again = index().wall;
    const review = (args: string[]) => {
      const times: number[] = [];
      for (let k = 0; k < runs; k++) {
        const t0 = performance.now();
        spawnSync(process.execPath, [bin, 'review', join(tree, reviewFile), '--format', 'json', '--fail-on', 'none', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
        times.push(performance.now() - t0);
      }
      return round(median(times));
    };
    return {
      only,
      files: first.files,
      lines: first.lines,
      minutes: round(first.ms / 60_000),
      linesPerSecond: Math.round(first.lines / (first.ms / 1000)),
      peakRssMb: Math.round(first.peakRss / 1048576),
      filesCut: first.cut.length,
      reindexNoneMs,
      reindexOneMs: round(again),
      reviewFile,
      reviewAloneMs: review(['--no-index']),
      reviewWithIndexMs: review(['--index', cache]),
    };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
