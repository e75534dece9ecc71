// An MCP server that tells what trace context it was sent, written apart from the hub's code. Its one tool,
// `whoami`, answers "traceparent=<value>": over stdio the value of params._meta.traceparent, over HTTP the
// `traceparent` header of the POST that carried the call.
//
//   node traceparent-server.mjs stdio
//   node traceparent-server.mjs http     (prints "listening <port>" on stdout; Streamable HTTP, JSON answers)
import http from 'node:http';
import readline from 'node:readline';

const mode = process.argv[2] ?? 'stdio';

function answer(message, headerTraceparent) {
  if (message.id === undefined || message.id === null) {
    return null; // A notification.
  }
  const reply = (result) => ({ jsonrpc: '2.0', id: message.id, result });
  switch (message.method) {
    case 'initialize':
      return reply({
        protocolVersion: message.params?.protocolVersion ?? '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'traceparent-server', version: '1.0.0' },
      });
    case 'ping':
      return reply({});
    case 'tools/list':
      return reply({
        tools: [{ name: 'whoami', description: 'Tells the trace context it got', inputSchema: { type: 'object' } }],
      });
    case 'tools/call': {
      const seen = mode === 'http' ? headerTraceparent : message.params?._meta?.traceparent;
      return reply({ content: [{ type: 'text', text: `traceparent=${seen ?? 'none'}` }] });
    }
    default:
      return { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } };
  }
}

if (mode === 'stdio') {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    const out = answer(JSON.parse(line), null);
    if (out) process.stdout.write(JSON.stringify(out) + '\n');
  });
  lines.on('close', () => process.exit(0));
} else {
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(req.method === 'DELETE' ? 200 : 405).end();
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const out = answer(JSON.parse(body), req.headers['traceparent']);
      if (!out) {
        res.writeHead(202).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(out));
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
  process.on('SIGTERM', () => process.exit(0));
}
