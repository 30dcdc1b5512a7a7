/** What the markdown and HTML reports draw from: the review, its diagrams, and optionally a patch and a simulation. */
import { callGraphToMermaid, selectCallGraph } from '../callgraph';
import type { FunctionLockFlow } from '../locks/api';
import type { ReviewOutcome } from '../review';
import type { PatchReviewOutcome } from '../review/patchReview';
import type { ReviewResult } from '../review/types';
import type { SimulationReport } from '../sim';
import { lockFlowToMermaid, lockOrderToMermaid } from './lockDiagrams';
import { lockRelevance } from './lockWords';

export interface ReportDiagram {
  title: string;
  mermaid: string;
}

export interface ReportInput {
  title: string;
  result: ReviewResult;
  diagrams: ReportDiagram[];
  patch?: PatchReviewOutcome;
  simulation?: SimulationReport;
  /** Pre-existing findings of a patch review in full rather than folded. */
  showPreExisting?: boolean;
}

/** Diagrams worth showing: the call graph, the lock flow of each function with findings, the lock order, simulation traces. */
export function reportInput(title: string, outcome: ReviewOutcome, extra: Pick<ReportInput, 'patch' | 'simulation' | 'showPreExisting'> = {}): ReportInput {
  const diagrams: ReportDiagram[] = [];
  const withFindings = [...new Set(outcome.result.findings.map((f) => f.function))];
  // The call graph the engine walked, not a second one built from the same files.
  const lockRelevant = lockRelevance(outcome.result.functions, outcome.flows);
  diagrams.push({ title: 'Call graph', mermaid: callGraphToMermaid(selectCallGraph(outcome.engine.graph), { lockRelevant }) });
  for (const name of withFindings) {
    const flow: FunctionLockFlow | undefined = outcome.flows.get(name);
    if (flow) diagrams.push({ title: `Lock flow of ${name}()`, mermaid: lockFlowToMermaid(flow).text });
  }
  diagrams.push({ title: 'Lock order', mermaid: lockOrderToMermaid(outcome.result.lockOrder).text });
  for (const f of extra.simulation?.findings ?? []) if (f.diagram) diagrams.push({ title: `Simulation: ${f.rule}${f.witnesses > 1 ? ` (${f.witnesses} runs show it)` : ''}`, mermaid: f.diagram });
  return { title, result: outcome.result, diagrams, ...extra };
}
