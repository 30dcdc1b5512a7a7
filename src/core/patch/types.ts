/** What patch ingestion produces. Line numbers are 1-based; `inputLine` is a line of the text given. */

export type Severity = 'info' | 'warning' | 'error';

/** Where a hunk is, for notices about it. */
export interface HunkRef {
  file: string;
  index: number;
  header: string;
}

/** A repair of mail damage, or what could not be repaired. */
export interface Notice {
  severity: Severity;
  message: string;
  /** Line in the input (for MIME-decoded bodies: the line of the decoded body, offset by the body's start). */
  line: number;
  hunk?: HunkRef;
}

export type LineKind = ' ' | '+' | '-';

export interface HunkLine {
  kind: LineKind;
  text: string;
  inputLine: number;
  /** The "\ No newline at end of file" marker followed this line. */
  noNewline?: boolean;
}

/** ok: counts held as read; repaired: they hold after a repair (see notices); broken: they do not. */
export type HunkStatus = 'ok' | 'repaired' | 'broken';

export interface Hunk {
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the second @@ (usually the enclosing function). */
  section: string;
  lines: HunkLine[];
  status: HunkStatus;
  /** Why the hunk is broken. */
  problem?: string;
  inputLine: number;
}

export interface FilePatch {
  oldPath: string;
  newPath: string;
  /** "old..new" abbreviated blob ids from the `index` line, or null. */
  index: string | null;
  isNew: boolean;
  isDeleted: boolean;
  binary: boolean;
  hunks: Hunk[];
  inputLine: number;
}

export interface PatchMessage {
  /** Subject without "Re:" and without the [PATCH ...] tag. */
  subject: string;
  rawSubject: string;
  version: number;
  part: number;
  of: number;
  author: string | null;
  email: string | null;
  date: string | null;
  messageId: string | null;
  inReplyTo?: string;
  /** Whom the mail was sent and copied to (`Name <address>`), for a reply to all. */
  recipients?: { to: string[]; cc: string[] };
  /** The commit message (without the trailing "---" and diffstat). */
  body: string;
  /** Input line of each commit-message line (parallel to body.split('\n')). */
  bodyLines: number[];
  files: FilePatch[];
  /** The patch was read from a reply that quotes it, at this quote depth. */
  quoteDepth: number;
  /** No diff: the reply's quoted C, rebuilt as one hunk of a file of its own (see fragment.ts). */
  fragment?: boolean;
}

export interface CoverLetter {
  subject: string;
  version: number;
  of: number;
  author: string | null;
  date: string | null;
  messageId: string | null;
  body: string;
}

export interface ReviewComment {
  author: string | null;
  date: string | null;
  text: string;
  /** The new-file line of the quoted diff line the remark follows (old-file line for a removed line, see `side`). */
  anchor: { file: string; line: number; side: 'new' | 'old' } | null;
  /** Set when the remark follows a commit-message line: its 1-based line in PatchMessage.body. */
  commitMessageLine?: number;
  /** The reviewer marked a span (--- start --- / --- end ---): first and last new-file line of it. */
  range?: { file: string; startLine: number; endLine: number };
  /** Columns (0-based, in the quoted line without its quote marks) underlined with ^^^ by the reviewer. */
  marked?: { start: number; end: number };
  /** Index in PatchSet.patches of the patch the remark is about. */
  patch: number;
  /** Quote depth of the remark in its mail: 0 for the replier's own text. */
  depth: number;
  inputLine: number;
}

/** The mail the remarks came from (a review replying to the patch): whom a reply to the remarks goes to. */
export interface ReviewMail {
  author: string | null;
  email: string | null;
  date: string | null;
  subject: string;
  messageId: string | null;
  recipients?: { to: string[]; cc: string[] };
}

export interface PatchSet {
  patches: PatchMessage[];
  comments: ReviewComment[];
  /** Set when the input is a review: the last mail whose own text remarks on a quoted patch. */
  reviewMail?: ReviewMail;
  notices: Notice[];
  cover: CoverLetter | null;
}

export type HunkOutcome = 'applied' | 'offset' | 'fuzz' | 'rejected';

/** A base file as read: its text, its text and where it came from (a git blob or revision), or why it could not be read. */
export type BaseRead = string | { text: string; source: string } | { missing: string };

export interface ApplyResult {
  /** The base with every hunk that applies applied, as `patch` and `git apply --reject` leave it. */
  text: string;
  /** How many hunks did not apply (each says why in `hunks`). */
  rejected: number;
  /** Where the base came from when not the plain file: "blob abc1234 of x.c, from the repository". */
  source?: string;
  hunks: Array<{ status: HunkOutcome; offset: number; fuzz: number; reason?: string }>;
  /** Git blob id of the base against the `index` line's abbreviated old id. */
  blob: { expected?: string; actual: string; matches: boolean | null };
  notices: Notice[];
}

/** The new file rebuilt from the hunks only; unknown lines are empty so line N is new-file line N. */
export interface PostImage {
  text: string;
  known: Array<{ startLine: number; endLine: number }>;
}
