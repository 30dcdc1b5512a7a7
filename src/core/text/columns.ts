/**
 * The way lockdep prints an unsafe scenario: one column per CPU (thread),
 * each step on its own line in its thread's column, in time order, and the
 * outcome below. The lock rules and the simulator's races both print it.
 */

export interface ColumnsTable {
  title: string;
  /** Column heads: `CPU0`, or the threads' names. */
  heads: string[];
  steps: Array<{ column: number; text: string }>;
  /** The closing line (` *** DEADLOCK ***`), then notes. */
  footer: string[];
  /** Column width (default 32). */
  width?: number;
  /** Cut a step's text to its column (else a long one runs into the next). */
  clip?: boolean;
}

export function columnLines(t: ColumnsTable): string[] {
  const width = t.width ?? 32;
  const cell = (text: string) => (!t.clip || text.length < width ? text : text.slice(0, width - 2) + '…');
  const row = (cells: string[]) => cells.map((c) => c.padEnd(width)).join('').trimEnd();
  return [
    t.title,
    '',
    row(t.heads.map(cell)),
    row(t.heads.map(() => '----')),
    ...t.steps.map((s) => ' '.repeat(s.column * width) + cell(s.text)),
    '',
    ...t.footer,
  ];
}
