// A stdio MCP server with an MCP App (the MCP Apps extension, SEP-1865): the tool `show_greeting` names its UI
// resource in `_meta.ui.resourceUri`, and that resource is HTML of type `text/html;profile=mcp-app` whose own
// inline script writes into the page. The dashboard's tests check that it renders, script and all, in the
// dashboard's sandboxed frame. Built with the TypeScript SDK; no real server on npm ships an app yet.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const UI = 'ui://greeting/app.html';
const server = new McpServer({ name: 'ui-app', version: '1.0.0' });

server.registerResource('greeting-app', UI, { mimeType: 'text/html;profile=mcp-app', description: 'The greeting UI' },
  async () => ({
    contents: [{
      uri: UI,
      mimeType: 'text/html;profile=mcp-app',
      text: '<!doctype html><html><body><h1 id="title">waiting</h1>'
        + '<script>document.getElementById("title").textContent = "Hello from an MCP App";'
        + 'document.body.dataset.origin = String(window.origin);</script></body></html>',
    }],
  }));

server.registerTool('show_greeting', {
  description: 'Shows a greeting in the app UI',
  inputSchema: {},
  _meta: { ui: { resourceUri: UI } },
}, async () => ({ content: [{ type: 'text', text: 'greeting shown' }] }));

await server.connect(new StdioServerTransport());
