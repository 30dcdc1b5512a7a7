/** How an index run is told: one line of counts, a text report, and the figures as data. */
import type { SymbolsHead } from '../core';
import type { IndexReport } from './indexTree';

/** The symbols' counts, from their head (the shards are not read). */
export function symbolCounts(s: SymbolsHead) {
  const sum = (k: 'summaries' | 'callers' | 'orders') => s.shards.reduce((n, shard) => n + shard[k], 0);
  return { files: s.files, lines: s.lines, summaries: sum('summaries'), callers: sum('callers'), orders: sum('orders'), cut: s.cut.length };
}

export function symbolsLine(head: SymbolsHead): string {
  const s = symbolCounts(head);
  return `${s.files} files, ${s.lines.toLocaleString('en')} lines, ${s.summaries} summaries, ${s.callers} functions with callers under locks, ${s.orders} lock orders, ${s.cut} files cut`;
}

/** The run's figures, and the symbols' counts (not the symbols: they are in the index). */
export function reportFigures(r: IndexReport) {
  const { symbols, ...run } = r;
  return { ...run, symbols: symbolCounts(symbols) };
}

export function reportText(r: IndexReport): string {
  const min = r.ms / 60_000;
  const lines = [
    `index of ${r.root} in ${r.dir}`,
    `${r.files} files (${r.analysed} analysed, ${r.reused} unchanged), ${r.lines.toLocaleString('en')} lines in ${min.toFixed(2)} min, ${Math.round(r.lines / Math.max(r.ms / 1000, 0.001)).toLocaleString('en')} lines/s, peak RSS ${Math.round(r.peakRss / 1048576)} MB`,
    `symbols: ${symbolsLine(r.symbols)}`,
  ];
  if (r.stopped) lines.push('stopped before every file was done: index again to go on from there');
  if (r.cut.length) {
    lines.push(`limits: ${r.cut.length} files cut by a bound (their records say only what was done):`);
    for (const c of r.cut.slice(0, 20)) lines.push(`  ${c.why.startsWith(c.path) ? c.why : `${c.path}: ${c.why}`}`);
    if (r.cut.length > 20) lines.push(`  and ${r.cut.length - 20} more`);
  }
  return lines.join('\n');
}
