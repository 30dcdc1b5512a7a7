// Starts code-server (Node 24, from .e2e-cache) and Debian Chromium for the
// e2e tests; follows shared/notes/vscode-e2e.md. Everything lives in a temp
// folder; the whole process group is stopped at the end.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = process.env.LOCKFLOW_E2E_CACHE || join(repo, '.e2e-cache');
const harness = join(cache, 'harness');
export const node24 = join(cache, 'node24', 'bin', 'node');
export const codeServer = join(harness, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

export function checkInstalled() {
  for (const p of [node24, codeServer, chromiumPath]) {
    if (!existsSync(p)) throw new Error(`${p} is missing: run scripts/e2e-setup.sh first`);
  }
}

export const { chromium } = createRequire(join(harness, 'package.json'))('playwright-core');

const SETTINGS = {
  'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
  'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false, 'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false, 'editor.minimap.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Workspace trust on, and no prompt: a folder opened is in restricted mode until someone trusts it.
 * (The server must then start without --disable-workspace-trust: see startServer's `trust`.)
 */
export const TRUST_ENABLED = {
  'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never', 'security.workspace.trust.emptyWindow': false,
};

/** A fresh temp folder with the user settings (SETTINGS, then `settings`) and XDG folders the server and browser use. */
export function makeProfile(name, settings = {}) {
  const tmp = mkdtempSync(join(process.env.CS_TEST_TMP || os.tmpdir(), `lockflow-${name}-`));
  mkdirSync(join(tmp, 'data', 'User'), { recursive: true });
  writeFileSync(join(tmp, 'data', 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...settings }));
  const xdg = { XDG_CONFIG_HOME: join(tmp, 'xdg-config'), XDG_DATA_HOME: join(tmp, 'xdg-data'), XDG_CACHE_HOME: join(tmp, 'xdg-cache') };
  return { tmp, xdg, userDataDir: join(tmp, 'data'), extensionsDir: join(tmp, 'exts') };
}

/** Installs a .vsix into the profile's extensions folder with code-server's own CLI. */
export function installVsix(profile, vsix) {
  const r = spawnSync(node24, [codeServer, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix],
    { env: { ...process.env, ...profile.xdg }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { if ((await fetch(url)).ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('code-server did not start: ' + url);
}

/** Starts code-server detached (its own process group); `stop()` ends the group. `trust`: keep workspace trust on. */
export async function startServer(profile, extraArgs = [], { trust = false } = {}) {
  const port = await freePort();
  const serverLog = openSync(join(profile.tmp, 'code-server.log'), 'w');
  const cs = spawn(node24, [codeServer, '--config', join(profile.tmp, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--disable-telemetry', '--disable-update-check',
    ...(trust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', ...extraArgs],
  { detached: true, stdio: ['ignore', serverLog, serverLog], env: { ...process.env, ...profile.xdg } });
  const stop = async () => {
    try { process.kill(-cs.pid, 'SIGTERM'); } catch {}
    await new Promise((r) => setTimeout(r, 1500));
    try { process.kill(-cs.pid, 'SIGKILL'); } catch {}
  };
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 30_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, base: `http://127.0.0.1:${port}`, stop };
}

export function launchBrowser(profile) {
  return chromium.launch({
    executablePath: chromiumPath,
    env: { ...process.env, ...profile.xdg },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Copies the fixture workspace, and beside its files a kernel tree one level down
 * (`kernel/drivers/misc/gadget.c`, moved on so the first hunk of `gadget-shrink.patch` no longer
 * applies) with that patch at the top: Review Patch or Mail… must ask where the base is. And the
 * sample, `store-type/` (its patch and its base).
 */
export function copyWorkspace(workspace) {
  cpSync(join(repo, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });
  const mail = join(repo, 'test', 'fixtures', 'patchmail');
  const base = readFileSync(join(mail, 'base', 'drivers', 'misc', 'gadget.c'), 'utf8');
  mkdirSync(join(workspace, 'kernel', 'drivers', 'misc'), { recursive: true });
  writeFileSync(join(workspace, 'kernel', 'drivers', 'misc', 'gadget.c'), base.replace(/gadget_boot_limit/g, 'gadget_limit_param').replace(/gadget_setup/g, 'gadget_limit_setup'));
  cpSync(join(mail, 'shrink.patch'), join(workspace, 'gadget-shrink.patch'));
  // A kernel tree in miniature, for Index Kernel Tree and the reviews that use the index.
  cpSync(join(repo, 'test', 'fixtures', 'tree'), join(workspace, 'tree'), { recursive: true });
  // The sample the README starts with: its patch mail and the tree it applies to (one folder down).
  cpSync(join(repo, 'samples', 'store-type'), join(workspace, 'store-type'), { recursive: true });
}
