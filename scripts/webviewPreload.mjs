// The chunks each diagram panel needs before it can draw, listed at build time from esbuild's metafile,
// so the panel's page asks for them all at once (modulepreload) instead of one import after another.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Which of mermaid's lazily loaded modules a panel draws with: the renderer itself, flowcharts laid out by dagre, sequence diagrams. */
const NEEDS = {
  renderer: [/mermaid\.core\.mjs$/],
  flowchart: [/\/flowDiagram-\w+\.mjs$/, /\/dagre-\w+\.mjs$/],
  sequence: [/\/sequenceDiagram-\w+\.mjs$/],
};

/** An output and every chunk it imports statically, transitively. */
function closure(outputs, start, seen = new Set()) {
  if (seen.has(start)) return seen;
  seen.add(start);
  for (const i of outputs[start]?.imports ?? []) if (i.kind === 'import-statement') closure(outputs, i.path, seen);
  return seen;
}

/**
 * Writes `<outdir>/webview-preload.json`: for each need, the chunks (relative to outdir) it takes. The renderer's
 * list also has what the entry imports: those would otherwise be asked for only once the entry has arrived.
 */
export function writeWebviewPreload(metafile, root, outdir, entry) {
  const outputs = metafile.outputs;
  const manifest = {};
  for (const [need, patterns] of Object.entries(NEEDS)) {
    const starts = Object.keys(outputs).filter((o) => patterns.some((p) => p.test(outputs[o].entryPoint ?? '')));
    if (starts.length !== patterns.length) throw new Error(`webview preload: found ${starts.length} of the ${patterns.length} modules ${need} needs`);
    const chunks = new Set([...(need === 'renderer' ? [entry] : []), ...starts].flatMap((s) => [...closure(outputs, s)]));
    chunks.delete(entry);
    manifest[need] = [...chunks].map((c) => relative(join(root, outdir), join(root, c)).split('\\').join('/')).sort();
  }
  writeFileSync(join(root, outdir, 'webview-preload.json'), JSON.stringify(manifest, null, 1));
}
