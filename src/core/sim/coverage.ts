/** Which return statements and branch outcomes of the function under test the runs reached. */
import { walk, type FunctionInfo } from '../syntax';
import type { Source } from './machine';
import type { CoverageSink } from './interp';
import type { Coverage } from './types';

export class CoverageRecorder implements CoverageSink {
  readonly hits = new Set<string>();
  private readonly returns = new Map<string, number>();
  /** Branch outcome key -> `line 12 true`, `line 30 case`. */
  private readonly branches = new Map<string, string>();

  readonly function: string;

  constructor(name: string, fn?: FunctionInfo, file?: Source) {
    this.function = name;
    if (!fn || !file) return;
    walk(fn.body, (n) => {
      if (n.type === 'return_statement') this.returns.set(`R${n.start}`, file.lines.line(n.start));
      const loopWithTest = (n.type === 'for_statement' && n.children.some((c) => c.field === 'condition')) || n.type === 'while_statement' || n.type === 'do_statement';
      const line = file.lines.line(n.start);
      if ((n.type === 'if_statement' && !file.scopedGuards.has(n.start)) || loopWithTest || n.type === 'conditional_expression') {
        this.branches.set(`B${n.start}:1`, `line ${line} true`).set(`B${n.start}:0`, `line ${line} false`);
      }
      if (n.type === 'case_statement') this.branches.set(`C${n.start}`, `line ${line} case`);
    });
  }

  hit(key: string): void {
    this.hits.add(key);
  }

  summary(): Coverage {
    const count = (keys: Iterable<string>) => [...keys].filter((k) => this.hits.has(k)).length;
    return {
      function: this.function,
      returnsCovered: count(this.returns.keys()),
      returnsTotal: this.returns.size,
      branchesCovered: count(this.branches.keys()),
      branchesTotal: this.branches.size,
      missedReturns: [...this.returns].filter(([k]) => !this.hits.has(k)).map(([, line]) => line),
      missedBranches: [...this.branches].filter(([k]) => !this.hits.has(k)).map(([, where]) => where),
    };
  }
}
