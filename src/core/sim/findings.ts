/**
 * Findings, not rows: every run that shows the same violation at the same
 * place (one use-after-free of one object freed in one place, one deadlock)
 * is a witness of one finding, shown by its shortest run.
 */
import { sequenceDiagram } from './diagram';
import { raceTable } from './race';
import type { Finding, RunReport, Violation, Witness } from './types';

/** Witnesses a finding keeps besides the one it shows. */
const MAX_OTHERS = 20;

interface Group {
  run: RunReport;
  k: number;
  count: number;
  witnesses: Array<Witness & { run: RunReport }>;
}

export class FindingCollector {
  private readonly groups = new Map<string, Group>();

  /** Every run of a scenario, before runs of one outcome are folded: each one is a witness. */
  add(run: RunReport): void {
    run.violations.forEach((v, k) => {
      const key = v.rule + (v.key ?? normal(v.message));
      const w = { scenario: run.scenario, ...(run.schedule ? { schedule: run.schedule } : {}), steps: run.trace.length, line: v.line, message: v.message, run };
      const g = this.groups.get(key);
      if (!g) {
        this.groups.set(key, { run, k, count: 1, witnesses: [w] });
        return;
      }
      g.count++;
      g.witnesses.push(w);
      if (run.trace.length < g.run.trace.length) Object.assign(g, { run, k });
      if (g.witnesses.length > 4 * MAX_OTHERS) g.witnesses = shortest(g.witnesses).slice(0, MAX_OTHERS + 1);
    });
  }

  findings(threadsOf: ReadonlyMap<string, string[]>): Finding[] {
    return [...this.groups.values()].map(({ run, k, count, witnesses }) => {
      const v: Violation = run.violations[k];
      const threads = threadsOf.get(run.scenario) ?? [];
      const others = shortest(witnesses.filter((w) => w.run !== run || w.message !== v.message)).slice(0, MAX_OTHERS).map(({ run: _run, ...w }) => w);
      return {
        rule: v.rule,
        message: v.message,
        scenario: run.scenario,
        trace: run.trace,
        diagram: sequenceDiagram(threads, run.trace, v),
        ...(v.chains ? { chains: v.chains } : {}),
        ...(run.schedule ? { schedule: run.schedule } : {}),
        witnesses: count,
        others,
        ...(threads.length > 1 ? { table: raceTable(threads, run.trace, v) } : {}),
      };
    });
  }
}

function shortest<T extends { steps: number }>(ws: T[]): T[] {
  return [...ws].sort((a, b) => a.steps - b.steps);
}

/** Object numbers (`domain#12`) differ between runs of one violation. */
export function normal(message: string): string {
  return message.replace(/#\d+/g, '');
}
