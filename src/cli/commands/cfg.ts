import { parseFile, buildCfg, cfgToJson, cfgToMermaid, cfgToText, InputError } from '../../core';
import { readCFiles } from '../input';
import { json, oneOf, parseCommandArgs, type Command } from '../command';

export const cfgCommand: Command = {
  name: 'cfg',
  summary: "print a function's control-flow graph",
  usage: 'lockflow cfg FILE --function NAME [--format text|mermaid|json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { function: { type: 'string', short: 'f' }, format: { type: 'string' } });
    const format = oneOf(values.format, ['text', 'mermaid', 'json'] as const, 'text', '--format');
    if (!values.function) throw new InputError('--function NAME is required');
    const files = await Promise.all(readCFiles(positionals).map((f) => parseFile(f.path, f.text)));
    for (const file of files) {
      const fn = file.functions.find((f) => f.name === values.function);
      if (!fn) continue;
      const cfg = buildCfg(file, fn);
      io.out(format === 'json' ? json(cfgToJson(cfg)) : format === 'mermaid' ? cfgToMermaid(cfg) : cfgToText(cfg));
      return 0;
    }
    const known = files.flatMap((f) => f.functions.map((fn) => fn.name));
    throw new InputError(`no function '${values.function}' in ${positionals.join(', ')}${known.length ? ` (functions: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''})` : ''}`);
  },
};
