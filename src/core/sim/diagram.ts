/**
 * A violation's trace as a mermaid sequence diagram: a lifeline per thread
 * and per shared object (the group, the device, a domain), locks, frees and
 * references as messages to the object, the violating step marked. Steps
 * that touch no shared object are drawn on their thread, or folded into one
 * note per stretch when the trace is long, so the diagram stays readable.
 */
import { mermaidLabel } from '../mermaid/text';
import type { TraceEvent, Violation } from './types';

/** A message's text at most: each character widens the gap between two lifelines. */
const LABEL = 40;
/** Messages drawn at most: beyond, the earliest are left out (said in a note). */
const MAX_MESSAGES = 40;
/** A trace with more steps than this folds the thread-local ones. */
const FOLD_OVER = 24;
const SHOWN = new Set(['lock', 'unlock', 'block', 'call', 'return', 'model', 'free', 'fault', 'ref', 'assume', 'limit']);
const ARROWS: Record<string, string> = { lock: '->>', unlock: '-->>', block: '-)', free: '-x', ref: '->>' };

// The violation's own step is marked in the trace; `violation` adds its lock chains and summary.
export function sequenceDiagram(threads: string[], trace: TraceEvent[], violation: Violation): string {
  const ids = new Map(threads.map((t, k) => [t, `T${k}`]));
  const tid = (name: string) => ids.get(name) ?? 'T0';
  const objects = new Map<string, string>();
  for (const e of trace) if (e.obj && !objects.has(e.obj)) objects.set(e.obj, `O${objects.size}`);
  const head = ['sequenceDiagram'];
  for (const [name, id] of ids) head.push(`  participant ${id} as ${mermaidLabel(name, 40)}`);
  for (const [name, id] of objects) head.push(`  participant ${id} as ${mermaidLabel(name, 40)}`);

  const events = trace.filter((e) => SHOWN.has(e.kind) || e.kind === 'violation');
  const fold = events.length > FOLD_OVER;
  const body: string[] = [];
  let stretch: TraceEvent[] = [];
  const flush = () => {
    if (!stretch.length) return;
    const first = stretch[0];
    const what = [...new Set(stretch.filter((e) => e.kind === 'call' || e.kind === 'model').map((e) => e.text.replace(/\(.*$/s, '()')))].slice(0, 3).join(', ');
    body.push(`  Note over ${tid(first.thread)}: ${mermaidLabel(`${stretch.length} step${stretch.length > 1 ? 's' : ''}${what ? `: ${what}` : ''}`, 60)}`);
    stretch = [];
  };
  for (const e of events) {
    const local = !e.obj || !objects.has(e.obj);
    if (e.kind === 'violation') {
      flush();
      const to = !local ? objects.get(e.obj!)! : tid(e.thread);
      body.push(`  rect rgb(255, 205, 205)\n  ${tid(e.thread)}-x${to}: ${mermaidLabel(`${place(e)}${e.text}`, LABEL)}\n  end`);
      continue;
    }
    if (local && fold) {
      if (stretch.length && stretch[0].thread !== e.thread) flush();
      stretch.push(e);
      continue;
    }
    flush();
    if (local) body.push(`  ${tid(e.thread)}->>${tid(e.thread)}: ${mermaidLabel(`${place(e)}${e.text}`, LABEL)}`);
    else body.push(`  ${tid(e.thread)}${ARROWS[e.kind] ?? '->>'}${objects.get(e.obj!)}: ${mermaidLabel(`${place(e)}${e.text}`, LABEL)}`);
  }
  flush();
  const lines = [...head];
  if (body.length > MAX_MESSAGES) {
    lines.push(`  Note over ${tid(events[0]?.thread ?? '')}: ${body.length - MAX_MESSAGES} earlier steps not shown`);
    lines.push(...body.slice(-MAX_MESSAGES));
  } else lines.push(...body);
  const all = [...ids.values()];
  const over = all.length > 1 ? `${all[0]},${all[all.length - 1]}` : (all[0] ?? 'T0');
  for (const c of violation.chains ?? []) {
    lines.push(`  Note over ${tid(c.thread)}: ${mermaidLabel(`holds ${c.holds.join(', ') || 'nothing'}; waits for ${c.wants}`, 160)}`);
  }
  lines.push(`  Note over ${over}: ${mermaidLabel(`${violation.rule}: ${violation.message}`, 200)}`);
  return lines.join('\n');
}

function place(e: TraceEvent): string {
  return e.line ? `${e.line}: ` : '';
}
