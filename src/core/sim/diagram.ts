/** A violation's trace as a sequence model (one participant per thread), written by the one serializer. */
import { sequenceText, type SequenceItem, type SequenceModel } from '../mermaid/sequence';
import type { TraceEvent, Violation } from './types';

const MAX_EVENTS = 80;
const SHOWN = new Set(['lock', 'unlock', 'block', 'call', 'return', 'model', 'free', 'fault', 'ref', 'violation', 'limit']);

export function sequenceModel(threads: string[], trace: TraceEvent[], violation: Violation): SequenceModel {
  const index = new Map(threads.map((t, k) => [t, k]));
  const at = (thread: string) => index.get(thread) ?? 0;
  const items: SequenceItem[] = [];
  let events = trace.filter((e) => SHOWN.has(e.kind) && e.kind !== 'violation');
  if (events.length > MAX_EVENTS) {
    items.push({ kind: 'note', over: [at(events[0].thread)], text: `${events.length - MAX_EVENTS} earlier events not shown` });
    events = events.slice(-MAX_EVENTS);
  }
  for (const e of events) items.push({ kind: 'step', thread: at(e.thread), text: `${e.line ? `${e.line}: ` : ''}${e.text}` });
  for (const c of violation.chains ?? []) items.push({ kind: 'note', over: [at(c.thread)], text: `holds ${c.holds.join(', ') || 'nothing'}; waits for ${c.wants}` });
  const over = threads.length > 1 ? [0, threads.length - 1] : [0];
  items.push({ kind: 'note', over, text: `${violation.rule}: ${violation.message}`, max: 200 });
  return { participants: threads, items };
}

export function sequenceDiagram(threads: string[], trace: TraceEvent[], violation: Violation): string {
  return sequenceText(sequenceModel(threads, trace, violation));
}
