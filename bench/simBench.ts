/** The simulator through its bench hook: the default store matrix and the two-thread interleavings, first run (cold) and warm median. */
import { parseFile } from '../src/core/syntax';
import { benchSimulation } from '../src/core/sim';
import { median, round } from './stats';

export interface SimFigures {
  input: string;
  matrixRuns: number;
  matrixColdMs: number;
  matrixMs: number;
  interleavings: number;
  explorationColdMs: number;
  explorationMs: number;
}

export async function simFigures(path: string, text: string, runs: number): Promise<SimFigures> {
  const files = [await parseFile(path, text)];
  const cold = benchSimulation(files);
  const warm = Array.from({ length: runs }, () => benchSimulation(files));
  return {
    input: path,
    matrixRuns: cold.matrixRuns,
    matrixColdMs: round(cold.matrixMs),
    matrixMs: round(median(warm.map((w) => w.matrixMs))),
    interleavings: cold.interleavings,
    explorationColdMs: round(cold.explorationMs),
    explorationMs: round(median(warm.map((w) => w.explorationMs))),
  };
}
