/** A class of function names as the knowledge document writes them: exact names and `*` patterns. */

const IDENTIFIER_RUN = String.raw`\w*`;

export class NameClass {
  private readonly exact: Set<string>;
  private readonly pattern: RegExp | undefined;

  constructor(readonly names: readonly string[]) {
    this.exact = new Set(names.filter((n) => !n.includes('*')));
    const globs = names.filter((n) => n.includes('*')).map((n) => n.split('*').map(escape).join(IDENTIFIER_RUN));
    this.pattern = globs.length ? new RegExp(`^(?:${globs.join('|')})$`) : undefined;
  }

  has(name: string): boolean {
    return this.exact.has(name) || !!this.pattern?.test(name);
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
