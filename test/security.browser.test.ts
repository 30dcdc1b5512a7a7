import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewFiles } from '../src/core/review';
import { reviewPatch } from '../src/core/review/patchReview';
import { readPatchInput } from '../src/core/patch';
import { cfgToMermaid } from '../src/core/cfg';
import { callGraphToMermaid, selectCallGraph } from '../src/core/callgraph';
import { lockFlowToMermaid, lockOrderToMermaid } from '../src/core/render/lockDiagrams';
import { mermaidLabel, quoted } from '../src/core/mermaid/text';
import { flowchartText } from '../src/core/mermaid/flowchart';
import type { GraphModel } from '../src/core/mermaid/model';
import { reportInput } from '../src/core/render/report';
import { reportToHtml } from '../src/core/render/html';
import { reportScript } from '../src/cli/assets';
import { mermaidPage, observePage, withBrowser, type Observed } from './securityPage';
import { readFixture, repoRoot } from './helpers';

const PAYLOADS = [
  '<img src=x onerror=window.__pwned=1>',
  '"]-->',
  '%%{init: {"securityLevel": "loose"}}%%',
  '</script><script>window.__pwned=2</script>',
  'end\nclick a call alert(1)',
  '<a href="javascript:window.__pwned=3">x</a>',
  '`<b>md</b>` &amp; #lt; #35;',
];

function assertInert(seen: Observed): void {
  assert.deepEqual(seen.blocked, [], 'nothing is fetched');
  assert.deepEqual(seen.dialogs, [], 'no dialog opens');
  assert.deepEqual(seen.errors, [], 'no console error');
  assert.equal(seen.pwned, undefined, 'no payload ran');
}

/** Hostile text as a patch mail: subject, author, commit message and code. */
function hostileMail(code: string): string {
  const added = code.split('\n').map((l) => `+${l}`);
  return [
    'From: "<img src=x onerror=window.__pwned=4>" <evil@example.org>',
    'Subject: [PATCH] evil: </script><script>window.__pwned=5</script> "]--> %%',
    'Message-ID: <evil@example.org>',
    '',
    '<iframe src="javascript:window.__pwned=6"></iframe>',
    '',
    'Signed-off-by: Evil <evil@example.org>',
    '---',
    'diff --git a/drivers/evil/evil.c b/drivers/evil/evil.c',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/drivers/evil/evil.c',
    `@@ -0,0 +1,${added.length} @@`,
    ...added,
    '',
  ].join('\n');
}

test('hostile identifiers, strings and mail text drawn by mermaid (strict) through our escaping run nothing and fetch nothing', async () => {
  const hostile = readFixture('fuzz', 'hostile.c');
  const outcome = await reviewFiles([{ path: 'evil"]--><img src=x>.c', text: hostile }]);
  assert.ok(outcome.result.findings.length > 0);
  const diagrams = [
    ...PAYLOADS.map((p, k) => `flowchart TD\n  a${k}${quoted(p)} -->|"${mermaidLabel(p)}"| b${k}${quoted(`${p} again`)}`),
    ...[...outcome.engine.cfgs.values()].map(cfgToMermaid),
    callGraphToMermaid(selectCallGraph(outcome.engine.graph)),
    ...[...outcome.flows.values()].map((f) => lockFlowToMermaid(f).text),
    lockOrderToMermaid([{ from: PAYLOADS[0], to: PAYLOADS[1], function: PAYLOADS[3], file: PAYLOADS[2], line: 1 }]).text,
  ];
  const mermaidJs = readFileSync(join(repoRoot(), 'node_modules', 'mermaid', 'dist', 'mermaid.min.js'), 'utf8');
  await withBrowser(async (browser) => {
    // The harness sees what a payload does when nothing escapes it.
    const control = await observePage(browser, `<p>${PAYLOADS[0]}</p>`, (page) => page.waitForLoadState('load'));
    assert.equal(control.pwned, 1);
    assert.deepEqual(control.blocked, ['http://lockflow.test/x']);
    const seen = await observePage(browser, mermaidPage(mermaidJs, diagrams), (page) => page.waitForSelector('body[data-rendered]', { timeout: 60_000 }).then(() => undefined));
    assertInert(seen);
    const { page } = seen;
    assert.equal(await page.locator('body').getAttribute('data-failed'), '0');
    assert.equal(await page.locator('.diagram svg').count(), diagrams.length);
    assert.equal(await page.locator('.diagram img, .diagram iframe, .diagram script, .diagram a[href^="javascript"]').count(), 0);
    const text = await page.locator('body').innerText();
    // Each payload is shown as the text it is (whitespace folded).
    for (const p of PAYLOADS) assert.ok(text.includes(p.replace(/\s+/g, ' ')), `shown as text: ${p}`);
  });
});

test('the HTML report of a hostile mail and code runs nothing, fetches nothing, and shows the text as text', async () => {
  const set = await readPatchInput(hostileMail(readFixture('fuzz', 'hostile.c')), 'evil.eml');
  const patch = await reviewPatch(set);
  assert.ok(patch.after.result.findings.length > 0);
  const html = reportToHtml(reportInput(`Lockflow review: ${set.patches[0].subject}`, patch.after, { patch }), reportScript(join(repoRoot(), 'dist')));
  await withBrowser(async (browser) => {
    const seen = await observePage(browser, html, (page) => page.waitForSelector('body[data-rendered]', { timeout: 60_000 }).then(() => undefined));
    assertInert(seen);
    const { page } = seen;
    assert.equal(await page.locator('body').getAttribute('data-failed'), '0');
    assert.equal(await page.locator('img, iframe').count(), 0);
    assert.equal(await page.locator('script').count(), 2, 'only the report data and the report script');
    const text = await page.locator('body').innerText();
    assert.match(text, /<\/script><script>window\.__pwned=5<\/script>/);
    assert.match(text, /<img src=x onerror=window\.__pwned=1>/);
  });
});

test('as the panel draws them (SVG text labels), hostile edge and node labels are shown once-escaped: as written, no entity, nothing run', async () => {
  const model: GraphModel = {
    direction: 'LR',
    nodes: PAYLOADS.flatMap((p, k) => [
      { key: `a${k}`, label: p },
      { key: `b${k}`, label: `${p} again` },
    ]),
    edges: PAYLOADS.map((p, k) => ({ from: `a${k}`, to: `b${k}`, label: `f(x) #${k} ${p}` })),
  };
  const order = lockOrderToMermaid([{ from: 'device.mutex', to: 'iommu_group.mutex', function: 'iommu_group_store_type', file: 'a.c', line: 35 }]).text;
  const mermaidJs = readFileSync(join(repoRoot(), 'node_modules', 'mermaid', 'dist', 'mermaid.min.js'), 'utf8');
  await withBrowser(async (browser) => {
    const seen = await observePage(browser, mermaidPage(mermaidJs, [flowchartText(model), order], { htmlLabels: false }), (page) =>
      page.waitForSelector('body[data-rendered]', { timeout: 60_000 }).then(() => undefined),
    );
    assertInert(seen);
    const { page } = seen;
    assert.equal(await page.locator('body').getAttribute('data-failed'), '0');
    // Each word of an SVG text label is a <tspan> placed on its own: compare without spaces.
    const labels = await page.locator('g.edgeLabel').evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, '')));
    assert.ok(labels.includes('iommu_group_store_type()L35'), `the lock order edge reads as written: ${labels.join(' | ')}`);
    for (const l of labels) assert.doesNotMatch(l, /&#|&quot;|#\d+;/, `no entity shown: ${l}`);
    for (let k = 0; k < PAYLOADS.length; k++) assert.ok(labels.some((l) => l.startsWith(`f(x)#${k}`)), `edge ${k} keeps its punctuation`);
    assert.equal(await page.locator('.diagram img, .diagram iframe, .diagram script, .diagram a[href^="javascript"]').count(), 0);
  });
});
