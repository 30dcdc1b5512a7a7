/**
 * The parts of the MCP SDK `lockflow mcp` uses. The CLI build keeps them out of dist/cli.js, in a
 * bundle of their own (dist/mcpSdk.js) that only `lockflow mcp` loads: every other command starts
 * without reading the SDK, zod and ajv (most of the CLI bundle's size).
 */
export { Server } from '@modelcontextprotocol/sdk/server/index.js';
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
export { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
