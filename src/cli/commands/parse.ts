import { parseFile } from '../../core';
import { readCFiles } from '../input';
import { json, oneOf, parseCommandArgs, type Command } from '../command';

export const parseCommand: Command = {
  name: 'parse',
  summary: 'list the functions of C files, with parameters and syntax diagnostics',
  usage: 'lockflow parse FILE... [--format text|json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { format: { type: 'string' } });
    const format = oneOf(values.format, ['text', 'json'] as const, 'text', '--format');
    const files = await Promise.all(readCFiles(positionals).map((f) => parseFile(f.path, f.text)));
    const functions = files.flatMap((f) =>
      f.functions.map((fn) => ({
        name: fn.name,
        file: fn.file,
        line: fn.line,
        endLine: fn.endLine,
        params: fn.params.map((p) => ({ name: p.name, type: p.type })),
        ...(fn.annotations.length ? { annotations: fn.annotations } : {}),
      })),
    );
    const diagnostics = files.flatMap((f) => f.diagnostics);
    if (format === 'json') {
      io.out(json({ functions, diagnostics }));
    } else {
      for (const fn of functions) io.out(`${fn.file}:${fn.line}-${fn.endLine}: ${fn.name}(${fn.params.map((p) => `${p.type} ${p.name}`.replace('* ', '*')).join(', ')})`);
      for (const d of diagnostics) io.out(`${d.file}:${d.line}:${d.column + 1}: ${d.severity}: ${d.message}`);
    }
    return 0;
  },
};
