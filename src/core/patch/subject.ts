/** What a "[PATCH v3 1/3] subsys: do x" subject says. */
export interface SubjectTag {
  subject: string;
  isPatch: boolean;
  isReply: boolean;
  version: number;
  part: number;
  of: number;
}

export function parseSubject(raw: string): SubjectTag {
  let rest = raw.trim();
  const reply = /^((re|aw|fwd?)\s*:\s*)+/i.exec(rest);
  if (reply) rest = rest.slice(reply[0].length);
  const tag: SubjectTag = { subject: rest, isPatch: false, isReply: !!reply, version: 1, part: 1, of: 1 };
  let m: RegExpExecArray | null;
  while ((m = /^\[([^\]]*)\]\s*/.exec(rest))) {
    rest = rest.slice(m[0].length);
    if (!/\b(PATCH|RFC)\b/i.test(m[1])) continue;
    tag.isPatch = true;
    const v = /\bv(\d+)\b/i.exec(m[1]);
    if (v) tag.version = Number(v[1]);
    const n = /\b(\d+)\/(\d+)\b/.exec(m[1]);
    if (n) {
      tag.part = Number(n[1]);
      tag.of = Number(n[2]);
    }
  }
  tag.subject = rest.trim();
  return tag;
}
