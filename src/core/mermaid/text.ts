/**
 * Safe mermaid labels. C is full of mermaid syntax (`->`, `&`, `|`, `end`,
 * `%%`, quotes), so every label is quoted and entity-escaped, and node ids
 * are generated, never taken from code.
 */
const ENTITIES: Record<string, string> = {
  '&': '#amp;',
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '#': '#35;',
  '%': '#37;',
  '|': '#124;',
  '[': '#91;',
  ']': '#93;',
  '{': '#123;',
  '}': '#125;',
  '(': '#40;',
  ')': '#41;',
  ';': '#59;',
  '`': '#96;',
  '\\': '#92;',
};

/** A label body for `id["..."]`: quoted by the caller, entities for everything mermaid reads. */
export function mermaidLabel(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
  return cut.replace(/[&"<>#%|[\]{}();`\\]/g, (c) => ENTITIES[c]);
}

/**
 * An edge label body for `|"..."|`. Mermaid decodes numeric entities in node
 * labels but shows them raw in edge labels (`&#40;`), so an edge label keeps
 * C's punctuation as it is (mermaid reads it fine inside quotes) and replaces
 * only what would end the string, start markup or an entity, or a directive:
 * `"` and a backtick by look-alikes, `&<>` by named entities, `#` before
 * `word;` and `%%` by full-width signs.
 */
const EDGE_ENTITIES: Record<string, string> = { '&': '#amp;', '<': '#lt;', '>': '#gt;', '"': '\u201d', '`': '\u02cb', '#': '\uff03', '%': '\uff05' };

export function edgeLabel(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
  return cut.replace(/[&<>"`]|#(?=\w+;)|%(?=%)/g, (c) => EDGE_ENTITIES[c]);
}

/**
 * A sequence diagram's message, note or participant text. Mermaid reads it
 * raw up to a `#`, a `;` or the line's end, so only those, markup (`<`, `>`,
 * `&`) and `%` are entities; C's parentheses and brackets stay as written,
 * and mermaid measures the text it will show, not its escapes.
 */
const SEQUENCE_ENTITIES: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '%': '#37;' };

export function sequenceLabel(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
  return cut.replace(/[#;<>&%]/g, (c) => SEQUENCE_ENTITIES[c]);
}

/** A `%%` comment line: escaped like a label, since mermaid reads a `%%{...}%%` directive anywhere in it. */
export function mermaidComment(text: string): string {
  return `%% ${mermaidLabel(text, 400)}`;
}

/** A quoted node label: `["..."]`. */
export function quoted(text: string, max?: number): string {
  return `["${mermaidLabel(text, max)}"]`;
}
