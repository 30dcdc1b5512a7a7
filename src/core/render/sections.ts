/**
 * The order a report shows findings in. A plain review: all of them. A patch review against a
 * base: what the patch introduces and fixes in full, then what was there before, folded to one
 * line each unless asked for in full (`--show pre-existing`).
 */
import { patchGroups } from '../review/patchGroups';
import type { Finding } from '../review/types';

export interface FindingSection {
  title: string;
  findings: Finding[];
  /** One line per finding instead of the whole evidence. */
  folded: boolean;
  /** Shown even when empty ("none"): a patch review always answers whether it introduced anything. */
  always?: boolean;
}

/** `series`: the patch is several parts, and the headings say "this series". */
export function findingSections(findings: Finding[], fixed: Finding[] = [], showPreExisting = false, series = false): FindingSection[] {
  const groups = patchGroups(findings, fixed);
  if (!groups) return [{ title: 'Findings', findings, folded: false, always: true }];
  const folded = !showPreExisting;
  const what = series ? 'this series' : 'this patch';
  return [
    { title: `Introduced by ${what}`, findings: groups.introduced, folded: false, always: true },
    { title: `Fixed by ${what}`, findings: groups.fixed, folded: false },
    { title: `Pre-existing, in functions ${what} changes`, findings: groups.preExistingChanged, folded },
    { title: 'Pre-existing, elsewhere in the files', findings: groups.preExistingElsewhere, folded },
  ].filter((s) => s.always || s.findings.length);
}


/** "introduced by the patch", "fixed by the patch", "pre-existing": after a finding's place. */
export function patchStatusPhrase(f: Finding): string {
  if (!f.patchStatus) return '';
  if (f.introducedIn) return introducedInPhrase(f);
  return f.patchStatus === 'pre-existing' ? (f.inChangedFunction ? 'pre-existing, in a function the patch changes' : 'pre-existing') : `${f.patchStatus} by the patch`;
}

/** "[PATCH 2/3] gadget: add gadget_set_limit()": the part of a series that introduced a finding. */
export function introducedInPhrase(f: Finding): string {
  return f.introducedIn ? `introduced by [PATCH ${f.introducedIn.part}/${f.introducedIn.of}] ${f.introducedIn.subject}` : '';
}
