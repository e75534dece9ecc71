// A real MCP client for the hub's integration tests: the official TypeScript SDK's Client over Streamable HTTP or
// legacy HTTP+SSE. The Java ITs run it as a process and assert on what it prints, one JSON object per line.
//
//   node mcp-client.mjs <scenario> <url> [--transport http|sse|stdio] [--capabilities sampling,elicitation,roots]
//
// With --transport stdio, <url> is the server's command line as a JSON array; the server process gets this
// client's whole environment (the SDK's default passes only a few variables).
//
// Scenarios:
//   catalog  connect, list all four kinds (following every nextCursor), close.
//   session  connect, then run the steps read from stdin (one JSON object per line) in order until stdin ends,
//            then close. The IT can write steps while the client runs, e.g. after it changed something.
//
// A step: {"id": "s1", "op": "callTool", "params": {...}, "progress": true, "abortAfterMs": 300, "async": true}
//   ops: listTools | listPrompts | listResources | listResourceTemplates (with "all": true every page is fetched),
//        callTool, getPrompt, readResource, complete, subscribeResource, unsubscribeResource, setLoggingLevel
//        (params: {"level": ...}), ping, sendRootsListChanged, setRoots (params: {"roots": [...]}),
//        sleep (params: {"ms": N}), terminateSession, close.
//   "async": true starts the step and goes on at once; "abortAfterMs" aborts the request after that long (the SDK
//   then sends notifications/cancelled); "progress": true asks for progress notifications.
//
// Printed lines ("type"): connected {protocolVersion, serverInfo, capabilities, instructions, sessionId},
//   result {id, op, result}, error {id, op, code, message}, progress {id, progress}, notification {method, params},
//   serverRequest {method, params} (a request the server sent and this client answered), pages {id, op, pages},
//   closed. The process exits 0 after "closed", 1 when it could not connect.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import readline from 'node:readline';

const [scenario, url, ...rest] = process.argv.slice(2);
const options = parseOptions(rest);
let roots = [{ uri: 'file:///tmp/mcp-hub-test-root', name: 'test root' }];

function parseOptions(args) {
  const parsed = { transport: 'http', capabilities: [] };
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '--transport') parsed.transport = args[i + 1];
    else if (args[i] === '--capabilities') parsed.capabilities = args[i + 1].split(',').filter(Boolean);
    else throw new Error(`unknown option ${args[i]}`);
  }
  return parsed;
}

function print(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

/**
 * Exits once everything printed has reached stdout: a pipe whose reader is slower than us takes writes
 * asynchronously, and process.exit() would drop what is still queued (a large catalogue cut at 192 KiB).
 */
function exitAfterOutput(code) {
  process.stdout.write('', () => process.exit(code));
}

function clientCapabilities() {
  const capabilities = {};
  if (options.capabilities.includes('sampling')) capabilities.sampling = {};
  if (options.capabilities.includes('elicitation')) capabilities.elicitation = { form: {} };
  if (options.capabilities.includes('roots')) capabilities.roots = { listChanged: true };
  return capabilities;
}

function textOf(message) {
  const content = message?.content;
  return Array.isArray(content) ? content.map((c) => c.text ?? '').join(' ') : content?.text ?? '';
}

/** Canned answers to the server's requests, each recorded as a serverRequest line first. */
function answerServerRequests(client) {
  if (options.capabilities.includes('sampling')) {
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      print({ type: 'serverRequest', method: request.method, params: request.params });
      return {
        role: 'assistant',
        content: { type: 'text', text: `sampled: ${textOf(request.params.messages[0])}` },
        model: 'test-model',
        stopReason: 'endTurn',
      };
    });
  }
  if (options.capabilities.includes('elicitation')) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      print({ type: 'serverRequest', method: request.method, params: request.params });
      return { action: 'accept', content: { name: 'Ada Lovelace', check: true, integer: 7 } };
    });
  }
  if (options.capabilities.includes('roots')) {
    client.setRequestHandler(ListRootsRequestSchema, async (request) => {
      print({ type: 'serverRequest', method: request.method, params: request.params ?? {} });
      return { roots };
    });
  }
}

function transportFor(target) {
  if (options.transport === 'stdio') {
    const [command, ...args] = JSON.parse(url);
    return new StdioClientTransport({ command, args, env: process.env, stderr: 'inherit' });
  }
  return options.transport === 'sse' ? new SSEClientTransport(target) : new StreamableHTTPClientTransport(target);
}

const LISTS = {
  listTools: ['tools', (c, p) => c.listTools(p)],
  listPrompts: ['prompts', (c, p) => c.listPrompts(p)],
  listResources: ['resources', (c, p) => c.listResources(p)],
  listResourceTemplates: ['resourceTemplates', (c, p) => c.listResourceTemplates(p)],
};

/** Every page of a list, following nextCursor; the result carries all items and each page's size. */
async function listAll(client, op) {
  const [field, list] = LISTS[op];
  const items = [];
  const pages = [];
  let cursor;
  do {
    const page = await list(client, cursor ? { cursor } : undefined);
    items.push(...page[field]);
    pages.push({ size: page[field].length, nextCursor: page.nextCursor ?? null });
    cursor = page.nextCursor;
  } while (cursor);
  return { [field]: items, pages };
}

async function perform(client, transport, step) {
  const params = step.params ?? {};
  const requestOptions = { timeout: step.timeoutMs ?? 120_000 };
  if (step.progress) {
    requestOptions.onprogress = (progress) => print({ type: 'progress', id: step.id, progress });
  }
  if (step.abortAfterMs !== undefined) {
    const controller = new AbortController();
    setTimeout(() => controller.abort('aborted by the test'), step.abortAfterMs);
    requestOptions.signal = controller.signal;
  }
  switch (step.op) {
    case 'listTools':
    case 'listPrompts':
    case 'listResources':
    case 'listResourceTemplates':
      return step.all ? listAll(client, step.op) : LISTS[step.op][1](client, step.params);
    case 'callTool':
      return client.callTool(params, undefined, requestOptions);
    case 'getPrompt':
      return client.getPrompt(params, requestOptions);
    case 'readResource':
      return client.readResource(params, requestOptions);
    case 'complete':
      return client.complete(params, requestOptions);
    case 'subscribeResource':
      return client.subscribeResource(params, requestOptions);
    case 'unsubscribeResource':
      return client.unsubscribeResource(params, requestOptions);
    case 'setLoggingLevel':
      return client.setLoggingLevel(params.level, requestOptions);
    case 'ping':
      return client.ping(requestOptions);
    case 'sendRootsListChanged':
      return client.sendRootsListChanged().then(() => ({}));
    case 'setRoots':
      roots = params.roots;
      return {};
    case 'sleep':
      return new Promise((resolve) => setTimeout(() => resolve({}), params.ms));
    case 'terminateSession':
      return transport.terminateSession().then(() => ({}));
    default:
      throw new Error(`unknown op ${step.op}`);
  }
}

async function run(client, transport, step) {
  const started = Date.now();
  try {
    const result = await perform(client, transport, step);
    print({ type: 'result', id: step.id, op: step.op, elapsedMs: Date.now() - started, result });
  } catch (error) {
    print({
      type: 'error',
      id: step.id,
      op: step.op,
      elapsedMs: Date.now() - started,
      code: error?.code ?? null,
      message: String(error?.message ?? error),
    });
  }
}

async function connect() {
  const client = new Client({ name: 'mcp-hub-it-ts-client', version: '1.0.0' }, { capabilities: clientCapabilities() });
  client.fallbackNotificationHandler = async (notification) =>
    print({ type: 'notification', method: notification.method, params: notification.params ?? null });
  answerServerRequests(client);
  const transport = transportFor(options.transport === "stdio" ? null : new URL(url));
  await client.connect(transport);
  print({
    type: 'connected',
    protocolVersion: transport.protocolVersion ?? null,
    serverInfo: client.getServerVersion(),
    capabilities: client.getServerCapabilities(),
    instructions: client.getInstructions() ?? null,
    sessionId: transport.sessionId ?? null,
  });
  return { client, transport };
}

async function session(client, transport) {
  const pending = [];
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const step = JSON.parse(line);
    if (step.op === 'close') break;
    const running = run(client, transport, step);
    if (step.async) pending.push(running);
    else await running;
  }
  await Promise.all(pending);
}

async function catalog(client, transport) {
  for (const op of Object.keys(LISTS)) {
    await run(client, transport, { id: op, op, all: true });
  }
}

const scenarios = { catalog, session };
if (!scenarios[scenario] || !url) {
  console.error('usage: node mcp-client.mjs catalog|session <url> [--transport http|sse] [--capabilities a,b]');
  process.exit(2);
}
let connection;
try {
  connection = await connect();
} catch (error) {
  print({ type: 'error', op: 'connect', code: error?.code ?? null, message: String(error?.message ?? error) });
  exitAfterOutput(1);
  await new Promise(() => {}); // until the exit above
}
await scenarios[scenario](connection.client, connection.transport);
await connection.client.close();
print({ type: 'closed' });
exitAfterOutput(0);
