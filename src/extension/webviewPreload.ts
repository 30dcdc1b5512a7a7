/**
 * The chunks a diagram panel's page asks for at once (modulepreload): mermaid and the code of the one
 * diagram type the panel draws, listed at build time in media/dist/webview-preload.json
 * (scripts/webviewPreload.mjs). Without the list the page still works: each chunk then loads on first use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagramKind } from '../webview/protocol';

type Need = 'renderer' | 'flowchart' | 'sequence';
type Manifest = Partial<Record<Need, string[]>>;

/** A simulated run is a sequence diagram; every other panel draws a flowchart. */
const NEEDS: Record<DiagramKind, Need[]> = {
  simulation: ['renderer', 'sequence'],
  callgraph: ['renderer', 'flowchart'],
  cfg: ['renderer', 'flowchart'],
  lockflow: ['renderer', 'flowchart'],
  lockorder: ['renderer', 'flowchart'],
};

const manifests = new Map<string, Manifest>();

function manifest(mediaDir: string): Manifest {
  let m = manifests.get(mediaDir);
  if (!m) {
    try {
      m = JSON.parse(readFileSync(join(mediaDir, 'webview-preload.json'), 'utf8')) as Manifest;
    } catch {
      m = {};
    }
    manifests.set(mediaDir, m);
  }
  return m;
}

/** The chunk paths, relative to the media folder, a panel of this kind preloads. */
export function preloadedChunks(mediaDir: string, kind: DiagramKind): string[] {
  const m = manifest(mediaDir);
  const paths = NEEDS[kind].flatMap((need) => m[need] ?? []);
  // Only chunk names the build writes: the list is read from disk, the page's CSP is not the only guard.
  return [...new Set(paths)].filter((p) => /^webview-chunks\/[\w.-]+\.js$/.test(p));
}
