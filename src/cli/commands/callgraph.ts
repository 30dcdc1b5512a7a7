import { parseFile, buildCallGraph, callGraphToJson, callGraphToMermaid, selectCallGraph, InputError, CALL_DIRECTIONS } from '../../core';
import { readCFiles } from '../input';
import { json, oneOf, parseCommandArgs, wholeNumber, type Command } from '../command';

export const callgraphCommand: Command = {
  name: 'callgraph',
  summary: 'print the call graph: direct, indirect (ops->) and callback edges',
  usage: 'lockflow callgraph FILE... [--root NAME] [--depth N] [--direction callees|callers|both] [--format mermaid|json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      root: { type: 'string' },
      depth: { type: 'string' },
      direction: { type: 'string' },
      format: { type: 'string' },
    });
    const format = oneOf(values.format, ['mermaid', 'json'] as const, 'mermaid', '--format');
    const direction = oneOf(values.direction, CALL_DIRECTIONS, 'callees', '--direction');
    const depth = values.depth === undefined ? Infinity : wholeNumber(values.depth, '--depth', 0, 1_000_000);
    const files = await Promise.all(readCFiles(positionals).map((f) => parseFile(f.path, f.text)));
    const graph = buildCallGraph(files);
    if (values.root && !graph.nodes.some((n) => n.name === values.root)) throw new InputError(`no function '${values.root}' in the call graph`);
    const view = selectCallGraph(graph, values.root, depth, direction);
    io.out(format === 'json' ? json(callGraphToJson(view)) : callGraphToMermaid(view));
    return 0;
  },
};
