// A remote MCP server for the hub's remote-upstream tests, built on the official TypeScript SDK's McpServer:
// Streamable HTTP at /mcp (stateful sessions) or only the legacy HTTP+SSE transport (GET /sse, POST /messages).
// Every HTTP request it receives is printed on stdout as one JSON line {"request": {method, path, headers}}, so a
// test can see that configured headers reach the server on every request; the `headers` tool answers with the
// headers of the request that carried the call; the `wait` tool answers late, and prints when it is cancelled.
//
//   node remote-server.mjs --port N [--transport http|sse]
//
// Prints {"listening": port} once it accepts connections.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const port = Number(option('--port', '0'));
const mode = option('--transport', 'http');

function print(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function server() {
  const mcp = new McpServer({ name: 'remote-fixture', version: '1.0.0' });
  mcp.registerTool(
    'echo',
    { description: 'Echoes its text.', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] }),
  );
  mcp.registerTool('headers', { description: 'The HTTP headers of the request that carried this call.' }, async (extra) => ({
    content: [{ type: 'text', text: JSON.stringify(extra.requestInfo?.headers ?? {}) }],
  }));
  // Answers after `ms`, unless the call is cancelled first: then prints {"cancelled": reason} (a test's proof that
  // the hub ended the call at the server).
  mcp.registerTool('wait', { description: 'Answers after ms milliseconds.', inputSchema: { ms: z.number() } }, async ({ ms }, extra) =>
    new Promise((resolve) => {
      print({ waiting: ms });
      const cancelled = () => {
        clearTimeout(timer);
        print({ cancelled: String(extra.signal.reason ?? 'aborted') });
        resolve({ content: [{ type: 'text', text: 'cancelled' }] });
      };
      const timer = setTimeout(() => resolve({ content: [{ type: 'text', text: `waited ${ms}` }] }), ms);
      if (extra.signal.aborted) cancelled();
      else extra.signal.addEventListener('abort', cancelled);
    }),
  );
  return mcp;
}

const app = express();
app.use((req, _res, next) => {
  print({ request: { method: req.method, path: req.path, headers: req.headers } });
  next();
});
app.use(express.json());

if (mode === 'sse') {
  const sessions = new Map();
  app.get('/sse', async (_req, res) => {
    const transport = new SSEServerTransport('/messages', res);
    sessions.set(transport.sessionId, transport);
    res.on('close', () => sessions.delete(transport.sessionId));
    await server().connect(transport);
  });
  app.post('/messages', async (req, res) => {
    const transport = sessions.get(String(req.query.sessionId));
    if (!transport) return res.status(404).send('unknown session');
    return transport.handlePostMessage(req, res, req.body);
  });
} else {
  const sessions = new Map();
  app.all('/mcp', async (req, res) => {
    const id = req.headers['mcp-session-id'];
    let transport = id ? sessions.get(id) : undefined;
    if (!transport) {
      if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
        return res.status(id ? 404 : 400).json({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'no session' } });
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (sessionId) => sessions.set(sessionId, transport),
      });
      transport.onclose = () => sessions.delete(transport.sessionId);
      await server().connect(transport);
    }
    return transport.handleRequest(req, res, req.body);
  });
}

const listener = app.listen(port, '127.0.0.1', () => print({ listening: listener.address().port }));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
