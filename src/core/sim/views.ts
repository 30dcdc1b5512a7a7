/**
 * What the editor's simulation panel shows, as data: runs grouped by outcome,
 * scenarios grouped by the matrix's dimensions, and the lines of its banner.
 */
import type { RunReport, Scenario, SimulationReport } from './types';

export type Outcome = 'finding' | 'returned' | 'stopped';

/** Findings first, then returns by value, then runs that stopped (with why). */
export function groupRuns(runs: RunReport[], onlyFailing = false): Array<{ outcome: Outcome; run: RunReport }> {
  const rank: Record<Outcome, number> = { finding: 0, returned: 1, stopped: 2 };
  return runs
    .map((run) => ({ outcome: outcomeOf(run), run }))
    .filter((r) => !onlyFailing || r.outcome === 'finding')
    .sort((a, b) => rank[a.outcome] - rank[b.outcome] || key(a.run).localeCompare(key(b.run), 'en', { numeric: true }) || a.run.scenario.localeCompare(b.run.scenario));
}

function outcomeOf(run: RunReport): Outcome {
  if (run.violations.length) return 'finding';
  return /(^|; )\w+ returned /.test(run.result) && !/: (error|step limit|call depth|unhandled)/.test(run.result) ? 'returned' : 'stopped';
}

function key(run: RunReport): string {
  return run.violations[0]?.message ?? run.result;
}

/** The default matrix's scenario names say their dimensions: `buf="DMA" devices=2 bound def_domain_type=0, kzalloc fails`. */
const DIMENSIONS: Array<{ name: string; of(tokens: string[], fault: string): string | undefined }> = [
  { name: 'buffer', of: (t) => t.find((x) => x.startsWith('buf='))?.slice(4) },
  { name: 'devices', of: (t) => t.find((x) => x.startsWith('devices='))?.slice(8) },
  { name: 'owner', of: (t) => (t.includes('user-owned') ? 'user-owned' : t.includes('bound') ? 'driver bound' : t.includes('unbound') ? 'no driver' : undefined) },
  { name: 'def_domain_type', of: (t) => t.find((x) => x.startsWith('def_domain_type='))?.slice(16) },
  { name: 'capability', of: (t) => (t.some((x) => x.startsWith('buf=')) ? (t.includes('not-capable') ? 'not capable' : 'capable') : undefined) },
  { name: 'failures', of: (t, fault) => (t.some((x) => x.startsWith('buf=')) ? fault || 'none' : undefined) },
];

export interface ScenarioGroup {
  dimension: string;
  value: string;
  scenarios: Scenario[];
}

/** Scenarios by dimension and value; those of no dimension (the races, the extra cases) under `other`, one each. */
export function scenarioGroups(scenarios: Scenario[]): ScenarioGroup[] {
  const groups = new Map<string, ScenarioGroup>();
  const add = (dimension: string, value: string, s: Scenario) => {
    const k = `${dimension}\n${value}`;
    if (!groups.has(k)) groups.set(k, { dimension, value, scenarios: [] });
    groups.get(k)!.scenarios.push(s);
  };
  for (const s of scenarios) {
    const [head, fault = ''] = s.name.split(', ');
    const tokens = head.split(' ');
    let any = false;
    for (const d of DIMENSIONS) {
      const v = d.of(tokens, fault);
      if (v === undefined) continue;
      any = true;
      add(d.name, v, s);
    }
    if (!any) add('other', s.name, s);
  }
  return [...groups.values()];
}

/** The banner: coverage, what was assumed, what stopped, what the code does not handle, the limits. */
export function summaryLines(r: SimulationReport): string[] {
  const c = r.coverage;
  const stopped = r.stopped.reduce((n, s) => n + s.runs, 0);
  return [
    `${r.runs.length} runs, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}; coverage: returns ${c.returnsCovered}/${c.returnsTotal}, branches ${c.branchesCovered}/${c.branchesTotal}; stopped: ${stopped || 'none'}`,
    ...r.assumptions.map((a) => `assumed: ${a}`),
    ...r.unhandled.map((u) => `not tested by the code (${u.runs} runs): ${u.answer}`),
    ...r.limits.map((l) => `limit: ${l}`),
  ];
}
