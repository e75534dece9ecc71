// A 2026-07-28 MCP server built on the official TypeScript SDK v2 (@modelcontextprotocol/server 2.x):
// createMcpHandler serves every request statelessly from a fresh McpServer. With `--legacy reject` (the default
// here) it speaks ONLY 2026-07-28: an `initialize` is refused, there is no session. With `--legacy stateless` it
// also answers 2025-era traffic, statelessly. Prints `listening <url>` on stdout once it accepts connections.
//
//   node v2-stateless.mjs [--port N] [--legacy reject|stateless] [--mutable] [--list-changed on|off] [--ttl-ms N]
//
// Tools: `greet {name}` → "Hello, <name>! (v2 stateless)"; `add {a, b}` → the sum as text; `confirm {what}` asks
// the client (Multi Round-Trip: an InputRequiredResult with an elicitation) and answers "Confirmed <what>: <yes>".
// With `--mutable`, `learn {name}` adds a tool of that name at runtime and announces the change on every open
// subscriptions/listen stream. `--list-changed off` declares tools.listChanged false (so no listen stream carries
// tool changes); `--ttl-ms N` makes tools/list say it stays fresh for N ms (cacheScope private).
import http from 'node:http';
import { acceptedContent, createMcpHandler, inputRequired, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod/v4';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const port = Number(option('--port', '0'));
const legacy = option('--legacy', 'reject');
const mutable = args.includes('--mutable');
const listChanged = option('--list-changed', 'on') !== 'off';
const ttlMs = option('--ttl-ms', undefined);
const learned = [];

function buildServer() {
  const server = new McpServer(
    { name: 'v2-stateless-fixture', version: '2.4.0' },
    {
      ...(listChanged ? {} : { capabilities: { tools: { listChanged: false } } }),
      ...(ttlMs === undefined ? {} : { cacheHints: { 'tools/list': { ttlMs: Number(ttlMs), cacheScope: 'private' } } }),
    },
  );
  if (mutable) {
    server.registerTool(
      'learn',
      { description: 'Adds a tool at runtime', inputSchema: z.object({ name: z.string() }) },
      async ({ name }) => {
        if (!learned.includes(name)) learned.push(name);
        handler.notify.toolsChanged();
        return { content: [{ type: 'text', text: `Learned ${name}` }] };
      },
    );
  }
  for (const name of learned) {
    server.registerTool(name, { description: 'Learned at runtime', inputSchema: z.object({}) }, async () => ({
      content: [{ type: 'text', text: `I am ${name}` }],
    }));
  }
  server.registerTool(
    'greet',
    { description: 'Greets someone', inputSchema: z.object({ name: z.string() }) },
    async ({ name }) => ({ content: [{ type: 'text', text: `Hello, ${name}! (v2 stateless)` }] }),
  );
  server.registerTool(
    'add',
    { description: 'Adds two numbers', inputSchema: z.object({ a: z.number(), b: z.number() }) },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
  );
  const confirmation = z.object({ check: z.boolean() });
  server.registerTool(
    'confirm',
    { description: 'Asks the user to confirm', inputSchema: z.object({ what: z.string() }) },
    async ({ what }, ctx) => {
      const answer = acceptedContent(ctx.mcpReq.inputResponses, 'confirm', confirmation);
      if (answer === undefined) {
        return inputRequired({
          inputRequests: { confirm: inputRequired.elicit({ message: `Confirm ${what}?`, requestedSchema: confirmation }) },
        });
      }
      return { content: [{ type: 'text', text: `Confirmed ${what}: ${answer.check}` }] };
    },
  );
  return server;
}

const handler = createMcpHandler(buildServer, { legacy });

const server = http.createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
      else if (value !== undefined) headers.set(name, value);
    }
    const request = new Request(`http://127.0.0.1:${server.address().port}${req.url}`, {
      method: req.method,
      headers,
      body: ['GET', 'HEAD'].includes(req.method) ? undefined : body,
    });
    const response = await handler.fetch(request);
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    if (response.body) {
      for await (const chunk of response.body) res.write(chunk);
    }
    res.end();
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${server.address().port}/mcp\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
