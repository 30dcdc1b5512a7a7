/** Entry point VS Code loads as extensionTestsPath: registers the tests, then runs them. */
import { runAll } from './runner';
import './extension.e2e';
import './lmTools.e2e';
import './commentThreads.e2e';

export function run(): Promise<void> {
  return runAll();
}
