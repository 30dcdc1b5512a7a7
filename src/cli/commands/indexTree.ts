/**
 * `lockflow index ROOT`: the tree index reviews use for what other files do
 * (callee summaries, callers' locks, lock orders). See cli/treeIndex/.
 */
import { resolve } from 'node:path';
import { defaultIndexDir, IndexStore, InputError } from '../../core';
import { isDirectory, readKnowledgeFiles } from '../input';
import { json, oneOf, parseCommandArgs, wholeNumber, type CliIO, type Command } from '../command';
import { defaultJobs, indexTree, mergeIndexes, msLeft, type IndexProgress } from '../../indexer/indexTree';
import { reportFigures, reportText, symbolsLine } from '../../indexer/report';
import { VERSION } from '../version';

export const indexCommand: Command = {
  name: 'index',
  summary: 'index a kernel tree: every file summarised in parallel, for reviews that see across files',
  usage: 'lockflow index ROOT [--only SUBDIR]... [--cache DIR] [--jobs N] [--shard I/N] [--time-budget SECONDS] [--knowledge FILE]... [--format text|json] | lockflow index --merge DIR... --cache DIR',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      only: { type: 'string', multiple: true },
      cache: { type: 'string' },
      jobs: { type: 'string' },
      shard: { type: 'string' },
      merge: { type: 'boolean' },
      format: { type: 'string' },
      'time-budget': { type: 'string' },
      knowledge: { type: 'string', multiple: true },
    });
    const format = oneOf(values.format, ['text', 'json'] as const, 'text', '--format');
    if (values.merge) return merge(positionals, values.cache, io);
    if (positionals.length !== 1) throw new InputError('give one tree to index: lockflow index ROOT');
    if (!isDirectory(positionals[0])) throw new InputError(`${positionals[0]}: not a directory`);
    const root = resolve(positionals[0]);
    const store = new IndexStore(values.cache ? resolve(values.cache) : defaultIndexDir(root));
    const report = await indexTree({
      root,
      store,
      only: values.only ?? [],
      shard: values.shard === undefined ? undefined : shardOf(values.shard),
      jobs: values.jobs === undefined ? defaultJobs() : wholeNumber(values.jobs, '--jobs', 1, 256),
      budgetMs: (values['time-budget'] === undefined ? 10 : wholeNumber(values['time-budget'], '--time-budget', 1, 3600)) * 1000,
      knowledge: readKnowledgeFiles(values.knowledge ?? []) ?? [],
      version: VERSION,
      progress: progressLine(io),
    });
    io.err('');
    io.out(format === 'json' ? json(reportFigures(report)) : reportText(report));
    return 0;
  },
};

/** `I/N`: this run indexes the I-th of N shards (from 0), for a fleet of machines. */
export function shardOf(text: string): { index: number; count: number } {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  const shard = m && { index: Number(m[1]), count: Number(m[2]) };
  if (!shard || shard.count < 1 || shard.index >= shard.count) throw new InputError(`--shard must be I/N with 0 <= I < N (got '${text}')`);
  return shard;
}

function merge(dirs: string[], cache: string | undefined, io: CliIO): number {
  if (!cache) throw new InputError('--merge needs --cache DIR: where the joined index goes');
  if (!dirs.length) throw new InputError('--merge needs the index directories to join');
  for (const d of dirs) if (!isDirectory(d)) throw new InputError(`${d}: not a directory`);
  const symbols = mergeIndexes(new IndexStore(resolve(cache)), dirs.map((d) => new IndexStore(resolve(d))));
  io.out(`merged ${dirs.length} indexes into ${resolve(cache)}: ${symbolsLine(symbols)}`);
  return 0;
}

/** Files done, the rate and the time left, on one line rewritten in place (a line every 10 s when not a terminal). */
function progressLine(io: CliIO): (p: IndexProgress) => void {
  let last = 0;
  const tty = process.stderr.isTTY;
  return (p) => {
    const now = p.elapsedMs;
    if (p.done !== p.total && now - last < (tty ? 250 : 10_000)) return;
    last = now;
    const rate = p.lines / Math.max(now / 1000, 0.001);
    const left = msLeft(p) / 1000;
    const text = `indexed ${p.done}/${p.total} files, ${p.lines.toLocaleString('en')} lines, ${Math.round(rate).toLocaleString('en')} lines/s, ${duration(left)} left`;
    if (tty) process.stderr.write(`\r${text}\u001b[K`);
    else io.err(text);
  };
}

function duration(s: number): string {
  return s >= 90 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`;
}
