import PostalMime, { addressParser, decodeWords } from 'postal-mime';
import { htmlText } from './html';
import type { Notice } from './types';

/** One line of text and the input line it came from. */
export interface SourceLine {
  text: string;
  line: number;
}

/** One message of the input, headers decoded, body as lines with their input positions. */
export interface MailMessage {
  subject: string;
  author: string | null;
  email: string | null;
  date: string | null;
  messageId: string | null;
  inReplyTo?: string;
  /** The addresses it was sent to and copied to, as `Name <address>`. */
  recipients?: { to: string[]; cc: string[] };
  body: SourceLine[];
  startLine: number;
}

const MBOX_FROM = /^From \S+ +\S.*\d{4}\s*$/;
const HEADER = /^[A-Za-z][A-Za-z0-9-]*:[ \t]?/;
const PIPERMAIL_ADDRESS = /^(.*?)\s*\b([\w.+-]+ at [\w-]+(?:\.[\w-]+)+)\s*$/;
const DATE_LINE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b.*\d{4}\s*$/;

export function toLines(text: string, first = 1): SourceLine[] {
  return text.replace(/\r\n?/g, '\n').split('\n').map((t, i) => ({ text: t, line: first + i }));
}

/** Splits the input into messages: mbox, one mail, a pipermail page, or a bare patch (one message without headers). */
export async function readMessages(text: string, notices: Notice[]): Promise<MailMessage[]> {
  const lines = toLines(text);
  if (MBOX_FROM.test(lines[0]?.text ?? '')) {
    const starts = lines.flatMap((l, i) => (MBOX_FROM.test(l.text) && (i === 0 || lines[i - 1].text === '') && HEADER.test(lines[i + 1]?.text ?? '') ? [i] : []));
    const out: MailMessage[] = [];
    for (let k = 0; k < starts.length; k++) {
      const chunk = lines.slice(starts[k] + 1, starts[k + 1] ?? lines.length).map((l) => ({ ...l, text: l.text.replace(/^>(>*From )/, '$1') }));
      out.push(await readMail(chunk, notices));
    }
    return out;
  }
  if (looksLikeHeaders(lines)) return [await readMail(lines, notices)];
  const html = readPipermailHtml(lines);
  if (html) return [html];
  const pipermail = readPipermail(lines);
  if (pipermail) return [pipermail];
  return [{ subject: '', author: null, email: null, date: null, messageId: null, body: lines, startLine: 1 }];
}

function looksLikeHeaders(lines: SourceLine[]): boolean {
  const head: string[] = [];
  for (const l of lines) {
    if (l.text === '') break;
    if (!HEADER.test(l.text) && !/^[ \t]/.test(l.text)) return false;
    head.push(l.text.toLowerCase());
  }
  return head.some((h) => h.startsWith('from:')) || head.some((h) => h.startsWith('subject:'));
}

/** `To:`/`Cc:` as `Name <address>` each (groups flattened), for a reply to all. */
function addresses(header: string | undefined): string[] {
  if (!header) return [];
  const out: string[] = [];
  const add = (a: { name?: string; address?: string; group?: unknown[] }) => {
    if (Array.isArray(a.group)) for (const g of a.group) add(g as typeof a);
    else if (a.address) out.push(a.name ? `${a.name} <${a.address}>` : a.address);
  };
  for (const a of addressParser(decodeWords(header))) add(a as Parameters<typeof add>[0]);
  return out;
}

async function readMail(lines: SourceLine[], notices: Notice[]): Promise<MailMessage> {
  const blank = lines.findIndex((l) => l.text === '');
  const headEnd = blank < 0 ? lines.length : blank;
  const headers = new Map<string, string>();
  let last = '';
  for (const l of lines.slice(0, headEnd)) {
    if (/^[ \t]/.test(l.text) && last) headers.set(last, headers.get(last) + ' ' + l.text.trim());
    else {
      const m = /^([^:]+):\s*(.*)$/.exec(l.text);
      if (!m) continue;
      last = m[1].toLowerCase();
      if (!headers.has(last)) headers.set(last, m[2]);
    }
  }
  const from = addressParser(decodeWords(headers.get('from') ?? ''))[0];
  const msg: MailMessage = {
    subject: decodeWords(headers.get('subject') ?? '').replace(/\s+/g, ' ').trim(),
    author: from?.name || null,
    email: (from && 'address' in from && from.address) || null,
    date: headers.get('date')?.trim() ?? null,
    messageId: headers.get('message-id')?.trim().replace(/^<|>$/g, '') ?? null,
    body: lines.slice(headEnd + 1),
    startLine: lines[0]?.line ?? 1,
  };
  const reply = headers.get('in-reply-to')?.trim().replace(/^<|>$/g, '');
  if (reply) msg.inReplyTo = reply;
  const to = addresses(headers.get('to'));
  const cc = addresses(headers.get('cc'));
  if (to.length || cc.length) msg.recipients = { to, cc };
  if (needsMimeDecoding(headers)) {
    const raw = lines.map((l) => l.text).join('\n');
    const parsed = await PostalMime.parse(raw, { attachmentEncoding: 'utf8' });
    // Patches sent as attachments (text/x-patch, *.diff) are part of what the mail says.
    const attached = parsed.attachments
      .filter((a) => /^text\//.test(a.mimeType) || /\.(patch|diff)$/.test(a.filename ?? ''))
      .map((a) => (typeof a.content === 'string' ? a.content : new TextDecoder().decode(a.content)));
    // An HTML-only mail: its text with the entities decoded (else code reads `&amp;g-&gt;m`).
    const text = parsed.text ?? (parsed.html ? htmlText(parsed.html.replace(/<br\s*\/?>|<\/(p|div)>/gi, '\n')) : '');
    const decoded = [text, ...attached].join('\n');
    const bodyStart = lines[headEnd + 1]?.line ?? msg.startLine;
    msg.body = toLines(decoded, bodyStart);
    notices.push({ severity: 'info', line: bodyStart, message: `MIME body decoded (${describeEncoding(headers)}); its line numbers count from the start of the decoded text` });
  }
  return msg;
}

function needsMimeDecoding(headers: Map<string, string>): boolean {
  const type = headers.get('content-type') ?? '';
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const charset = /charset="?([^";\s]+)/i.exec(type)?.[1]?.toLowerCase();
  return /multipart\/|text\/html/i.test(type) || /base64|quoted-printable/.test(encoding) || (!!charset && !/^(utf-?8|us-ascii)$/.test(charset));
}

function describeEncoding(headers: Map<string, string>): string {
  const type = (headers.get('content-type') ?? 'text/plain').split(';')[0].trim();
  const encoding = headers.get('content-transfer-encoding')?.trim();
  return encoding ? `${type}, ${encoding}` : type;
}

/**
 * A pipermail archive page as text: subject, blank, "Name name at domain", date, then the body.
 * Navigation lines and the list footer are dropped.
 */
function readPipermail(lines: SourceLine[]): MailMessage | null {
  const nonBlank = lines.filter((l) => l.text.trim() !== '');
  const [subject, who, when] = nonBlank;
  const m = who && PIPERMAIL_ADDRESS.exec(who.text.trim());
  if (!subject || !m || !when || !DATE_LINE.test(when.text.trim())) return null;
  let end = lines.length;
  const footer = lines.findIndex((l) => /^More information about the .* mailing list/.test(l.text));
  if (footer >= 0) {
    end = footer;
    // The list's own trailer (a rule of underscores, list name, address, URL) sits right above.
    const rule = lines.slice(0, footer).map((l) => l.text).lastIndexOf('_______________________________________________');
    if (rule >= 0 && footer - rule <= 6) end = rule;
  }
  const body = lines
    .slice(lines.indexOf(when) + 1, end)
    .filter((l) => !/^(Previous message|Next message|Messages sorted by)\b/.test(l.text.trim()));
  return {
    subject: subject.text.trim(),
    author: m[1].trim() || null,
    email: m[2].replace(' at ', '@'),
    date: when.text.trim(),
    messageId: null,
    body,
    startLine: subject.line,
  };
}

/**
 * A pipermail page saved as HTML: <H1> subject, <B> name, the address in an <A>, <I> date, the body
 * in <PRE>. Tags are removed line by line, so body lines keep their input line numbers.
 */
function readPipermailHtml(lines: SourceLine[]): MailMessage | null {
  const all = lines.map((l) => l.text).join('\n');
  if (!/<PRE>/i.test(all) || !/<H1>/i.test(all)) return null;
  const h1 = /<H1>([\s\S]*?)<\/H1>/i.exec(all);
  const who = /<B>([\s\S]*?)<\/B>\s*<A [^>]*>([\s\S]*?)<\/A>/i.exec(all);
  const when = /<I>([^<]*\d{4}[^<]*)<\/I>/i.exec(all);
  const pre = lines.findIndex((l) => /<PRE>/i.test(l.text));
  const end = lines.findIndex((l, i) => i >= pre && /<\/PRE>/i.test(l.text));
  const body = lines.slice(pre, end < 0 ? lines.length : end + 1).map((l, i, arr) => {
    let t = l.text;
    if (i === 0) t = t.slice(t.search(/<PRE>/i) + 5);
    if (i === arr.length - 1 && end >= 0) t = t.slice(0, t.search(/<\/PRE>/i));
    return { text: htmlText(t), line: l.line };
  });
  const address = who ? htmlText(who[2]).trim() : '';
  return {
    subject: h1 ? htmlText(h1[1]).replace(/\s+/g, ' ').trim() : '',
    author: who ? htmlText(who[1]).trim() || null : null,
    email: address ? address.replace(' at ', '@') : null,
    date: when ? htmlText(when[1]).trim() : null,
    messageId: null,
    body,
    startLine: 1,
  };
}
