import { htmlText } from './html';

/** A diff hunk or git header, possibly quoted in a reply. */
const DIFF_MARK = /^(?:> ?)*(?:diff --git \S|@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@)/m;
const PATCH_SUBJECT = /^Subject:.*\[[^\]]*\bPATCH\b/im;
const FILE_HEADERS = /^(?:> ?)*--- \S.*\n(?:> ?)*\+\+\+ \S/m;

/** Quick sniff: is this a patch or a mail carrying one (a base64 body shows only its subject) (as opposed to a C file)? */
export function isPatchLike(text: string): boolean {
  const head = text.length > 4 * 1048576 ? text.slice(0, 4 * 1048576) : text;
  if (DIFF_MARK.test(head) || FILE_HEADERS.test(head) || PATCH_SUBJECT.test(head)) return true;
  // A pipermail page saved as HTML quotes with &gt; and <i>.
  return /<PRE>/i.test(head) && DIFF_MARK.test(htmlText(head));
}
