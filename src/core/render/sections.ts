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

export function findingSections(findings: Finding[], fixed: Finding[] = [], showPreExisting = false): FindingSection[] {
  const groups = patchGroups(findings, fixed);
  if (!groups) return [{ title: 'Findings', findings, folded: false, always: true }];
  const folded = !showPreExisting;
  return [
    { title: 'Introduced by this patch', findings: groups.introduced, folded: false, always: true },
    { title: 'Fixed by this patch', findings: groups.fixed, folded: false },
    { title: 'Pre-existing, in functions this patch changes', findings: groups.preExistingChanged, folded },
    { title: 'Pre-existing, elsewhere in the files', findings: groups.preExistingElsewhere, folded },
  ].filter((s) => s.always || s.findings.length);
}


/** "introduced by the patch", "fixed by the patch", "pre-existing": after a finding's place. */
export function patchStatusPhrase(f: Finding): string {
  if (!f.patchStatus) return '';
  return f.patchStatus === 'pre-existing' ? (f.inChangedFunction ? 'pre-existing, in a function the patch changes' : 'pre-existing') : `${f.patchStatus} by the patch`;
}
