// The report and security tests render in headless Chromium (Debian's package,
// never a browser download). On a fresh machine where we may, install it.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!root || !apt) {
    console.error(`Chromium is needed for the HTML report tests and is not at ${CHROMIUM}: install Debian's "chromium" package (or set CHROMIUM=/path/to/chromium).`);
    process.exit(1);
  }
  console.log('Installing Debian\'s chromium package for the browser tests...');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium', { stdio: 'inherit' });
}
