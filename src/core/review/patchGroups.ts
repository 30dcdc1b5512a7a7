/**
 * What a patch review says first: the findings the patch introduces, then those it fixes, then
 * those that were there before it (in the functions it changes, and elsewhere in its files).
 * A reviewer answers the author about the first two; the rest is not the author's doing.
 */
import type { ParsedFile } from '../syntax';
import type { Finding } from './types';

export interface PatchGroups {
  introduced: Finding[];
  fixed: Finding[];
  /** Pre-existing, in a function whose text the patch changes. */
  preExistingChanged: Finding[];
  /** Pre-existing, in functions the patch leaves as they were. */
  preExistingElsewhere: Finding[];
}

/** The groups of a patch review against a base; undefined without one (nothing tells old from new). */
export function patchGroups(findings: Finding[], fixed: Finding[]): PatchGroups | undefined {
  if (!findings.some((f) => f.patchStatus) && !fixed.length) return undefined;
  const pre = findings.filter((f) => f.patchStatus === 'pre-existing');
  return {
    introduced: findings.filter((f) => f.patchStatus === 'introduced'),
    fixed,
    preExistingChanged: pre.filter((f) => f.inChangedFunction),
    preExistingElsewhere: pre.filter((f) => !f.inChangedFunction),
  };
}

/**
 * The findings a gate (`--fail-on`, a CI check) counts: in a patch review against a base, what the
 * patch introduces (and what was there before only when asked); otherwise all of them.
 */
export function gatedFindings(findings: Finding[], fixed: Finding[], options: { preExisting?: boolean } = {}): Finding[] {
  const groups = patchGroups(findings, fixed);
  if (!groups || options.preExisting) return findings;
  return groups.introduced;
}

/**
 * Functions of the patched files whose text the patch changes (or adds), by file and name: a
 * comparison of each function's text with the base's function of that name, so it holds whatever
 * offset or fuzz the hunks landed with.
 */
export function changedFunctions(after: ParsedFile[], before: ParsedFile[]): Set<string> {
  const baseText = new Map<string, string>();
  for (const p of before) for (const fn of p.functions) baseText.set(functionKey(p.path, fn.name), p.text.slice(fn.start, fn.end));
  const changed = new Set<string>();
  for (const p of after) {
    for (const fn of p.functions) {
      const key = functionKey(p.path, fn.name);
      if (baseText.get(key) !== p.text.slice(fn.start, fn.end)) changed.add(key);
    }
  }
  return changed;
}

export const functionKey = (file: string, name: string) => `${file}\0${name}`;
