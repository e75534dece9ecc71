// A stdio MCP server for the hub's fault tests, on the official TypeScript SDK's low-level `Server` class and
// written without any of the hub's code (its own JSON-RPC framing is the SDK's), so that a framing or
// cancellation bug in the hub cannot cancel out against the fixture. Tools:
//   big {mib}         a text result of exactly mib MiB: "0123456789abcdef" repeated
//   hang {}           never answers; when the client cancels it, the cancellation is counted
//   slow {ms}         answers "done" after ms milliseconds
//   cancellations {}  how many `hang` calls started and were cancelled so far, and the reasons given
//   pid {}            this process's id (and the holder's, see below)
// Flag --hold-stdout: start a grandchild (sleep 120) that inherits stdout, as a server's helper process may, so that
// the pipe stays open after this process dies.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { spawn } from 'node:child_process';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';

const PATTERN = '0123456789abcdef';
const cancelled = [];
let hangs = 0;
const holder = process.argv.includes('--hold-stdout')
    ? spawn('sleep', ['120'], { stdio: ['ignore', 'inherit', 'inherit'] })
    : null;
const server = new Server({ name: 'fault-tools', version: '1.0.0' }, { capabilities: { tools: {} } });

const tool = (name, properties = {}) => ({ name, inputSchema: { type: 'object', properties } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [
        tool('big', { mib: { type: 'number' } }),
        tool('hang'),
        tool('slow', { ms: { type: 'number' } }),
        tool('cancellations'),
        tool('pid'),
    ],
}));

server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const args = request.params.arguments ?? {};
    switch (request.params.name) {
        case 'big':
            return text(PATTERN.repeat((Number(args.mib ?? 1) * 1024 * 1024) / PATTERN.length));
        case 'hang':
            hangs++;
            return new Promise(() => {
                extra.signal.addEventListener('abort', () => cancelled.push(String(extra.signal.reason ?? '')));
            });
        case 'slow':
            await new Promise(resolve => setTimeout(resolve, Number(args.ms ?? 1000)));
            return text('done');
        case 'cancellations':
            return { content: [{ type: 'text', text: String(cancelled.length) }], structuredContent: { started: hangs, count: cancelled.length, reasons: cancelled } };
        case 'pid':
            return { content: [{ type: 'text', text: String(process.pid) }], structuredContent: { pid: process.pid, holder: holder?.pid ?? null } };
        default:
            throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    }
});

function text(value) {
    return { content: [{ type: 'text', text: value }] };
}

await server.connect(new StdioServerTransport());
