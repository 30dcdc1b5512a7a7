/**
 * `lockflow mcp --tree DIR`: Lockflow's agent tools over the Model Context Protocol on stdio, for
 * review agents outside the editor. Tool names, schemas and descriptions come from the core's one
 * table; stdout carries the protocol only, so nothing else is printed there.
 */
import { InputError, TOOL_DEFINITIONS, runTool, type ReviewOptions } from '../../core';
import { isDirectory, readKnowledgeFiles } from '../input';
import { parseCommandArgs, type Command } from '../command';
import { VERSION } from '../version';

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'serve the lock facts as tools to an LLM review agent: the Model Context Protocol on stdio',
  usage: 'lockflow mcp --tree DIR [--knowledge FILE]...',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { tree: { type: 'string' }, knowledge: { type: 'string', multiple: true }, 'lock-config': { type: 'string' } });
    if (positionals.length) throw new InputError(`unexpected argument '${positionals[0]}': give the tree with --tree DIR`);
    if (!values.tree) throw new InputError('--tree DIR is required: the directory whose files the tools may read');
    if (!isDirectory(values.tree)) throw new InputError(`--tree ${values.tree}: not a directory`);
    const root = values.tree;
    // Kernel knowledge of the user's, as `lockflow review --knowledge` (or its older name --lock-config) reads it.
    const options: ReviewOptions = { knowledge: readKnowledgeFiles([...(values.knowledge ?? []), ...(values['lock-config'] ? [values['lock-config']] : [])]) };

    // Loaded here, not with the CLI: every other command starts without the SDK (see ../mcpSdk).
    // The low-level Server: the tools' input schemas are JSON Schema data from the core, not zod.
    const { Server, StdioServerTransport, CallToolRequestSchema, ListToolsRequestSchema } = await import('../mcpSdk');
    const server = new Server({ name: 'lockflow', version: VERSION }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: TOOL_DEFINITIONS.map((t) => ({ name: t.name, title: t.displayName, description: t.description, inputSchema: t.inputSchema })),
    }));
    // Calls still being answered when stdin ends (a client that pipes its requests and closes) are answered first.
    let answering = 0;
    let inputEnded = false;
    const closeWhenDone = () => void (inputEnded && answering === 0 && server.close());
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      answering++;
      try {
        const result = await runTool(request.params.name, request.params.arguments ?? {}, root, options);
        return { content: [{ type: 'text', text: JSON.stringify(result) }] };
      } catch (e) {
        // The agent reads the message and can correct its call; anything else is a bug, said as such.
        if (e instanceof InputError) return { content: [{ type: 'text', text: e.message }], isError: true };
        return { content: [{ type: 'text', text: `internal error: ${(e as Error).message}` }], isError: true };
      } finally {
        answering--;
        // After the answer is sent.
        setImmediate(closeWhenDone);
      }
    });
    const closed = new Promise<void>((resolve) => (server.onclose = resolve));
    await server.connect(new StdioServerTransport());
    // The client going away (stdin closed) ends the server.
    process.stdin.once('end', () => {
      inputEnded = true;
      closeWhenDone();
    });
    io.err(`lockflow mcp: serving ${TOOL_DEFINITIONS.length} tools over ${root} on stdio`);
    await closed;
    return 0;
  },
};
