import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../core';

/** The built report script (media/dist/report.js), found by walking up from the CLI bundle. */
export function reportScript(from: string = __dirname): string {
  let dir = from;
  for (let k = 0; k < 8; k++) {
    const p = join(dir, 'media', 'dist', 'report.js');
    if (existsSync(p)) return readFileSync(p, 'utf8');
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new InputError('the HTML report needs media/dist/report.js: run "npm run build" first');
}
