/**
 * The HTML report's script: draws each diagram of the report with the same
 * mermaid settings and pruning as the editor's diagram panel. Everything it
 * needs is inlined in the page; it fetches nothing.
 */
import mermaid from 'mermaid';
import { contentHash } from './hash';
import { LIMITS, mermaidConfig } from './mermaidConfig';
import { pruneDiagram } from './prune';

interface ReportData {
  diagrams: Array<{ title: string; mermaid: string }>;
}

async function drawAll(): Promise<void> {
  const data = JSON.parse(document.getElementById('lockflow-data')?.textContent ?? '{"diagrams":[]}') as ReportData;
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  mermaid.initialize(mermaidConfig(dark ? 'dark' : 'default'));
  let drawn = 0;
  let failed = 0;
  for (const [i, d] of data.diagrams.entries()) {
    const el = document.getElementById(`diagram-${i}`);
    if (!el) continue;
    const { text, pruned } = pruneDiagram(d.mermaid, LIMITS);
    try {
      await mermaid.parse(text);
      const { svg } = await mermaid.render(`lf-report-${i}-${contentHash(text)}`, text);
      el.innerHTML = svg;
      if (pruned) {
        const note = document.createElement('p');
        note.textContent = `${pruned} more not shown: the diagram is above the display limits.`;
        el.append(note);
      }
      drawn++;
    } catch (e) {
      failed++;
      el.textContent = '';
      const err = document.createElement('div');
      err.className = 'diagram-error';
      err.textContent = `Mermaid could not draw this diagram: ${e instanceof Error ? e.message : String(e)}`;
      el.append(err);
    }
  }
  document.body.dataset.rendered = String(drawn);
  document.body.dataset.failed = String(failed);
}

void drawAll();
