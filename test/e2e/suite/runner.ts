/**
 * A small test runner for the extension host (mocha is not needed for a
 * handful of sequential tests): runs each test in order, prints one line per
 * test and a closing "N passed, N failed" line, and fails the run on any failure.
 */
type Test = { name: string; fn: () => Promise<void> | void };
const tests: Test[] = [];
/** Marks our lines among the workbench's own log, which comes back on the same channel. */
export const MARK = '[lockflow-e2e] ';
const log = (text: string) => console.log(MARK + text.replace(/\n/g, `\n${MARK}`));

export function test(name: string, fn: Test['fn']): void {
  tests.push({ name, fn });
}

export async function runAll(): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const start = Date.now();
    try {
      await t.fn();
      passed++;
      log(`  ok ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed++;
      log(`  FAIL ${t.name}\n${e instanceof Error ? e.stack : String(e)}`);
    }
  }
  log(`extension-host: ${passed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} extension-host test(s) failed`);
}

/** Polls until the condition holds (VS Code updates tabs and diagnostics asynchronously). */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
