// An MCP server on the official TypeScript SDK's low-level `Server` class, as many real servers are written:
// it declares the `resources` capability but registers no `resources/templates/list` handler, so the SDK answers
// that call with JSON-RPC -32601 (Method not found). Its `prompts/list` fails with -32603 until the tool
// `heal_prompts` is called, which also announces notifications/prompts/list_changed.
// Written without any of the hub's code: the hub's tests use it as a server from the outside world.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
    CallToolRequestSchema,
    ErrorCode,
    GetPromptRequestSchema,
    ListPromptsRequestSchema,
    ListResourcesRequestSchema,
    ListToolsRequestSchema,
    McpError,
    ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

let promptsHealthy = false;

const server = new Server(
    { name: 'partial-lists', version: '1.0.0' },
    { capabilities: { tools: { listChanged: true }, resources: {}, prompts: { listChanged: true } } },
);

server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [
        { name: 'echo', description: 'Echoes its text', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } },
        { name: 'heal_prompts', description: 'Makes prompts/list work', inputSchema: { type: 'object', properties: {} } },
    ],
}));

server.setRequestHandler(CallToolRequestSchema, async request => {
    if (request.params.name === 'echo') {
        return { content: [{ type: 'text', text: String(request.params.arguments?.text ?? '') }] };
    }
    if (request.params.name === 'heal_prompts') {
        promptsHealthy = true;
        await server.sendPromptListChanged();
        return { content: [{ type: 'text', text: 'healed' }] };
    }
    throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
});

server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [{ uri: 'partial://notes/readme', name: 'readme', mimeType: 'text/plain' }],
}));

server.setRequestHandler(ReadResourceRequestSchema, async request => ({
    contents: [{ uri: request.params.uri, mimeType: 'text/plain', text: 'notes' }],
}));

server.setRequestHandler(ListPromptsRequestSchema, async () => {
    if (!promptsHealthy) {
        throw new McpError(ErrorCode.InternalError, 'the prompt store is offline');
    }
    return { prompts: [{ name: 'greet', description: 'Says hello' }] };
});

server.setRequestHandler(GetPromptRequestSchema, async () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }],
}));

await server.connect(new StdioServerTransport());
