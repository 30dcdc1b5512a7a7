/** An MCP client from the same SDK, talking to `node bin/lockflow.js mcp --tree DIR` over stdio, as an agent would. */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { repoRoot } from './helpers';

export interface McpAnswer {
  text: string;
  isError: boolean;
}

export async function connectLockflow(tree: string, cli = join(repoRoot(), 'bin', 'lockflow.js'), extraArgs: string[] = []): Promise<{ client: Client; call(name: string, args: Record<string, unknown>): Promise<McpAnswer>; close(): Promise<void> }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--tree', tree, ...extraArgs], stderr: 'pipe' });
  const client = new Client({ name: 'lockflow-test', version: '0.0.0' });
  await client.connect(transport);
  return {
    client,
    async call(name, args) {
      const r = await client.callTool({ name, arguments: args });
      const content = r.content as Array<{ type: string; text: string }>;
      return { text: content.map((c) => c.text).join(''), isError: r.isError === true };
    },
    close: () => client.close(),
  };
}
