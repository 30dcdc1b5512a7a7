import { createHash } from 'node:crypto';

/** Git's blob id: sha1 of "blob <byte length>\0" and the content. */
export function gitBlobId(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** Compares a base with the abbreviated old id of an `index a..b` line (null when there is none or the file is new). */
export function compareBlob(index: string | null, baseText: string): { expected?: string; actual: string; matches: boolean | null } {
  const actual = gitBlobId(baseText);
  const expected = index?.split('..')[0];
  if (!expected || /^0+$/.test(expected)) return { actual, matches: null };
  return { expected, actual, matches: actual.startsWith(expected.toLowerCase()) };
}
