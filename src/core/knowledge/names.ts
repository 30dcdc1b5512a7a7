/** A class of function names as the knowledge document writes them: exact names and `*` patterns. */

const IDENTIFIER_RUN = String.raw`\w*`;

/** Pattern answers remembered per class: a review asks the same callee names again and again. */
const MAX_REMEMBERED = 20_000;

export class NameClass {
  private readonly exact: Set<string>;
  private readonly pattern: RegExp | undefined;
  private readonly matched = new Map<string, boolean>();

  constructor(readonly names: readonly string[]) {
    this.exact = new Set(names.filter((n) => !n.includes('*')));
    const globs = names.filter((n) => n.includes('*')).map((n) => n.split('*').map(escape).join(IDENTIFIER_RUN));
    this.pattern = globs.length ? new RegExp(`^(?:${globs.join('|')})$`) : undefined;
  }

  has(name: string): boolean {
    if (this.exact.has(name)) return true;
    if (!this.pattern) return false;
    let hit = this.matched.get(name);
    if (hit === undefined) {
      // A whole tree names more callees than is worth keeping: start again rather than grow.
      if (this.matched.size >= MAX_REMEMBERED) this.matched.clear();
      hit = this.pattern.test(name);
      this.matched.set(name, hit);
    }
    return hit;
  }

  /** Named as such, not only matched by a pattern (`*_find_*` is a guess from the name; `list_del` is a fact). */
  hasExactly(name: string): boolean {
    return this.exact.has(name);
  }

  /** The names of both classes. */
  with(other: NameClass): NameClass {
    return new NameClass([...this.names, ...other.names]);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
