/**
 * `lockflow`: the command-line twin of the extension, a thin shell over the core.
 * Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad usage or input.
 */
import { initSyntax, InputError, type CompiledSyntax } from '../core';
import { COMMANDS } from './commands';
import type { CliIO } from './command';
import { VERSION } from './version';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'lockflow: review Linux kernel patches and see how locks flow through them',
    '',
    'usage: lockflow <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'lockflow <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    io.out(VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`lockflow: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`lockflow ${command.name}: ${e.message}`);
      return 2;
    }
    const err = e as Error;
    io.err(`lockflow ${command.name}: internal error: ${err.message}\n${process.env.LOCKFLOW_DEBUG ? err.stack : 'set LOCKFLOW_DEBUG=1 for the stack'}`);
    return 3;
  }
}

/**
 * Runs `lockflow` with the process' arguments and sets the exit code. `syntax`: the grammar's wasm,
 * compiled while the bundle loaded (bin/lockflow.js), so the first parse need not wait for it.
 */
export function runCli(syntax?: CompiledSyntax): void {
  if (syntax) void initSyntax({ compiled: syntax });
  // A reader that stopped early (`lockflow parse big.c | head`) is no error of ours: stop quietly, as cat does.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  const io: CliIO = {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  };
  main(process.argv.slice(2), io).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`lockflow: ${(e as Error).message}\n`);
      process.exitCode = 3;
    },
  );
}
