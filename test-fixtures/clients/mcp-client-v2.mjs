// A real 2026-07-28 MCP client for the hub's integration tests: the official TypeScript SDK v2 Client
// (@modelcontextprotocol/client 2.x) over Streamable HTTP, pinned to 2026-07-28 (stateless: no initialize, no
// session; every request carries its own _meta). The Java ITs run it as a process and assert on what it prints,
// one JSON object per line, like mcp-client.mjs (the v1 client) does.
//
//   node mcp-client-v2.mjs <url> [--mode pin|auto] [--capabilities sampling,elicitation,roots]
//
// It connects (printing "connected"), then runs the steps read from stdin (one JSON object per line) in order
// until stdin ends, then closes.
//
// A step: {"id": "s1", "op": "callTool", "params": {...}, "progress": true, "abortAfterMs": 300, "async": true,
//          "logLevel": "debug"}
//   ops: discover, listTools | listPrompts | listResources | listResourceTemplates (every page), callTool, getPrompt,
//        readResource, complete, listen (params: a SubscriptionFilter; "closeAfterMs" ends it), ping, close.
//   "logLevel" puts _meta.io.modelcontextprotocol/logLevel on the request (log messages then come on its stream).
//
// Printed lines ("type"): connected {protocolVersion, era, serverInfo, capabilities, instructions},
//   result {id, op, result}, error {id, op, code, message, data}, progress {id, progress},
//   notification {method, params}, serverRequest {method, params} (an input request this client fulfilled),
//   listening {id, acknowledged}, closed. Exit 0 after "closed", 1 when it could not connect.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import readline from 'node:readline';

const [url, ...rest] = process.argv.slice(2);
const options = { mode: 'pin', capabilities: [] };
for (let i = 0; i < rest.length; i += 2) {
  if (rest[i] === '--mode') options.mode = rest[i + 1];
  else if (rest[i] === '--capabilities') options.capabilities = rest[i + 1].split(',').filter(Boolean);
  else throw new Error(`unknown option ${rest[i]}`);
}

function print(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

const capabilities = {};
if (options.capabilities.includes('sampling')) capabilities.sampling = {};
if (options.capabilities.includes('elicitation')) capabilities.elicitation = { form: {} };
if (options.capabilities.includes('roots')) capabilities.roots = {};

const client = new Client(
  { name: 'mcp-hub-it-v2', version: '1.0.0' },
  {
    capabilities,
    versionNegotiation: { mode: options.mode === 'auto' ? 'auto' : { pin: '2026-07-28' } },
  },
);

function textOf(message) {
  const content = message?.content;
  if (Array.isArray(content)) return content.map((c) => c.text ?? '').join(' ');
  return content?.text ?? '';
}

// Answers to the server's input requests, recognisable in the results the server builds from them.
if (capabilities.sampling) {
  client.setRequestHandler('sampling/createMessage', async (request) => {
    print({ type: 'serverRequest', method: 'sampling/createMessage', params: request.params });
    const asked = textOf(request.params.messages?.[0]);
    return {
      role: 'assistant',
      content: { type: 'text', text: `v2-sampled: ${asked}` },
      model: 'mcp-hub-it-model',
      stopReason: 'endTurn',
    };
  });
}
if (capabilities.elicitation) {
  client.setRequestHandler('elicitation/create', async (request) => {
    print({ type: 'serverRequest', method: 'elicitation/create', params: request.params });
    const content = {};
    for (const [name, schema] of Object.entries(request.params.requestedSchema?.properties ?? {})) {
      content[name] = schema.type === 'boolean' ? true : schema.type === 'number' || schema.type === 'integer' ? 7 : 'v2-answer';
    }
    return { action: 'accept', content };
  });
}
if (capabilities.roots) {
  client.setRequestHandler('roots/list', async (request) => {
    print({ type: 'serverRequest', method: 'roots/list', params: request.params });
    return { roots: [{ uri: 'file:///tmp/mcp-hub-v2-root', name: 'v2 root' }] };
  });
}

function withLogLevel(params, step) {
  if (!step.logLevel) return params;
  return { ...params, _meta: { ...(params?._meta ?? {}), 'io.modelcontextprotocol/logLevel': step.logLevel } };
}

client.fallbackNotificationHandler = async (notification) => {
  print({ type: 'notification', method: notification.method, params: notification.params });
};

const subscriptions = new Map();

async function run(step) {
  const requestOptions = { timeout: 60_000 };
  if (step.progress) requestOptions.onprogress = (progress) => print({ type: 'progress', id: step.id, progress });
  let abort;
  if (step.abortAfterMs) {
    abort = new AbortController();
    requestOptions.signal = abort.signal;
    setTimeout(() => abort.abort(new Error('aborted by the test')), step.abortAfterMs);
  }
  const params = withLogLevel(step.params ?? {}, step);
  switch (step.op) {
    case 'discover':
      return client.discover(requestOptions);
    case 'listTools':
      return client.listTools(undefined, requestOptions);
    case 'listPrompts':
      return client.listPrompts(undefined, requestOptions);
    case 'listResources':
      return client.listResources(undefined, requestOptions);
    case 'listResourceTemplates':
      return client.listResourceTemplates(undefined, requestOptions);
    case 'callTool':
      return client.callTool(params, requestOptions);
    case 'getPrompt':
      return client.getPrompt(params, requestOptions);
    case 'readResource':
      return client.readResource(params, requestOptions);
    case 'complete':
      return client.complete(params, requestOptions);
    case 'ping':
      return client.ping(requestOptions);
    case 'listen': {
      const subscription = await client.listen(step.params ?? {}, requestOptions);
      subscriptions.set(step.id, subscription);
      print({ type: 'listening', id: step.id, acknowledged: subscription.honoredFilter ?? null });
      if (step.closeAfterMs) setTimeout(() => subscription.close(), step.closeAfterMs);
      return undefined;
    }
    case 'close':
      return undefined;
    default:
      throw new Error(`unknown op ${step.op}`);
  }
}

async function runAndPrint(step) {
  try {
    const result = await run(step);
    if (result !== undefined) print({ type: 'result', id: step.id, op: step.op, result });
  } catch (error) {
    print({
      type: 'error',
      id: step.id,
      op: step.op,
      code: error?.code ?? null,
      message: String(error?.message ?? error),
      data: error?.data ?? null,
    });
  }
}

try {
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
} catch (error) {
  print({ type: 'error', id: 'connect', op: 'connect', code: error?.code ?? null, message: String(error?.message ?? error) });
  process.exit(1);
}
print({
  type: 'connected',
  protocolVersion: client.getNegotiatedProtocolVersion?.() ?? null,
  era: client.getProtocolEra?.() ?? null,
  serverInfo: client.getServerVersion?.() ?? null,
  capabilities: client.getServerCapabilities?.() ?? null,
  instructions: client.getInstructions?.() ?? null,
});

const pending = [];
const input = readline.createInterface({ input: process.stdin });
for await (const line of input) {
  if (!line.trim()) continue;
  const step = JSON.parse(line);
  if (step.op === 'close') break;
  if (step.async) pending.push(runAndPrint(step));
  else await runAndPrint(step);
}
await Promise.allSettled(pending);
for (const subscription of subscriptions.values()) {
  await subscription.close?.();
}
await client.close();
print({ type: 'closed' });
process.exit(0);
