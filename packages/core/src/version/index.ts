/** The agentship version: `agentship --version`, SARIF's tool version, the MCP client's. */
export const VERSION = '0.1.0';
