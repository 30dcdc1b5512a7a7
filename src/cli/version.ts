/** The one version string the CLI prints and the MCP server announces. */
export const VERSION = '0.1.0';
