/** Entry point VS Code loads as extensionTestsPath when the workspace is not trusted (extHost.mjs, untrusted: true). */
import { runAll } from './runner';
import './untrusted.e2e';

export function run(): Promise<void> {
  return runAll();
}
