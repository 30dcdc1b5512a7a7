/**
 * What goes to Problems and how it is said, as plain functions (no vscode
 * import, so unit tests read them): syntax notes only when asked, and each
 * related place once.
 */
import type { Finding, SyntaxDiagnostic } from '../core';

/** Parse errors that stopped the analysis of a file stay in Problems; notes ("could not parse '#ifdef'") only with the setting. */
export function syntaxInProblems(s: Pick<SyntaxDiagnostic, 'severity'>, syntaxNotes: boolean): boolean {
  return syntaxNotes || s.severity === 'error';
}

/** One entry per place: messages said at the same line are joined, never listed twice. */
export function relatedOnce(related: Finding['related']): Finding['related'] {
  const byPlace = new Map<string, Finding['related'][number]>();
  for (const r of related) {
    const key = `${r.file}\u0000${r.line}`;
    const seen = byPlace.get(key);
    if (!seen) byPlace.set(key, { ...r });
    else if (!seen.message.split('; ').includes(r.message)) seen.message += `; ${r.message}`;
  }
  return [...byPlace.values()];
}
