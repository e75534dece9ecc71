// An MCP server over stdio that does what real servers get wrong, written with no MCP library (plain JSON-RPC,
// newline-delimited, by hand), so that it shares no code with the hub or an SDK. It is still a working server:
// tools, one resource and, with --unimplemented-lists, capabilities it declares but does not implement.
//
//   node quirky-server.mjs [--unimplemented-lists]
//
// What it does wrong, on purpose:
// - plain log lines on stdout, a pino-style JSON log object on stdout, blank lines, CRLF line ends;
// - unknown fields everywhere: in the JSON-RPC envelope, initialize result, capabilities, serverInfo, tools,
//   content items, resources and results;
// - notifications (a log message, tools/list_changed) before the client's notifications/initialized;
// - requests of its own to the client with a string id and a number id (the answers are reported by `pings`);
// - a tool whose description is 100 kB;
// - a tool result with bytes that are not UTF-8;
// - with --unimplemented-lists: declares prompts and resources but answers prompts/list and
//   resources/templates/list with -32601 Method not found (as the TypeScript SDK's low-level Server does).
import readline from 'node:readline';

const unimplementedLists = process.argv.includes('--unimplemented-lists');
const BIG_DESCRIPTION = 'A tool with a very long description. '.repeat(2800).slice(0, 100_000);
const answeredServerRequests = [];
let crlf = false;

function write(message) {
  // Alternate LF and CRLF line ends, as servers written on different systems do.
  crlf = !crlf;
  process.stdout.write(JSON.stringify(message) + (crlf ? '\r\n' : '\n'));
}

function log(line) {
  process.stdout.write(line + '\n');
}

function answer(id, result) {
  // "result" before "jsonrpc", the id last, and a field JSON-RPC does not know.
  write({ result, jsonrpc: '2.0', 'x-trace': `trace-${id}`, id });
}

function fail(id, code, message) {
  write({ jsonrpc: '2.0', id, error: { code, message, data: { 'x-detail': 'quirky' } } });
}

function capabilities() {
  const declared = {
    tools: { listChanged: true, 'x-extra': 1 },
    resources: { subscribe: false, listChanged: false },
    logging: {},
    experimental: { 'x-quirk': { enabled: true } },
    'x-unknown-capability': {},
  };
  if (unimplementedLists) declared.prompts = { listChanged: false };
  return declared;
}

const TOOLS = [
  {
    name: 'echo',
    description: 'Echoes its text.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, 'x-schema-extra': true },
    annotations: { readOnlyHint: true, 'x-annotation': 'kept' },
    'x-vendor': { rank: 1, tags: ['a', 'b'] },
  },
  { name: 'big', description: BIG_DESCRIPTION, inputSchema: { type: 'object' } },
  { name: 'invalid_utf8', description: 'Answers with bytes that are not UTF-8.', inputSchema: { type: 'object' } },
  { name: 'pings', description: 'Which of its own requests the client answered.', inputSchema: { type: 'object' } },
];

function callTool(id, params) {
  switch (params?.name) {
    case 'echo':
      return answer(id, {
        content: [{ type: 'text', text: `echo: ${params.arguments?.text ?? ''}`, 'x-content-extra': 'kept' }],
        'x-result-extra': { kept: true },
      });
    case 'invalid_utf8': {
      // Written by hand: JSON.stringify cannot produce invalid UTF-8. 0xC3 0x28 and a lone 0xFF.
      const head = Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"before `);
      const tail = Buffer.from(' after"}]}}\n');
      process.stdout.write(Buffer.concat([head, Buffer.from([0xc3, 0x28, 0x20, 0xff]), tail]));
      return undefined;
    }
    case 'pings':
      return answer(id, { content: [{ type: 'text', text: JSON.stringify(answeredServerRequests) }] });
    default:
      return fail(id, -32602, `unknown tool ${params?.name}`);
  }
}

function handleRequest(message) {
  const { id, method, params } = message;
  switch (method) {
    case 'initialize':
      log('quirky-server: initializing (a log line on stdout)');
      answer(id, {
        protocolVersion: params?.protocolVersion ?? '2025-06-18',
        capabilities: capabilities(),
        serverInfo: { name: 'quirky', version: '1.0.0', 'x-build': 'by hand' },
        instructions: 'A server that gets things wrong on purpose.',
        'x-vendor': { region: 'nowhere' },
      });
      // Before the client's notifications/initialized, which a polite server would wait for.
      write({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'early bird' } });
      write({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
      return;
    case 'ping':
      return answer(id, {});
    case 'tools/list':
      log('{"level":30,"msg":"tools/list requested","pid":' + process.pid + '}');
      return answer(id, { tools: TOOLS, 'x-list-extra': true });
    case 'tools/call':
      return callTool(id, params);
    case 'resources/list':
      return answer(id, {
        resources: [{ uri: 'quirky://note', name: 'note', mimeType: 'text/plain', 'x-resource-extra': 1 }],
      });
    case 'resources/read':
      if (params?.uri !== 'quirky://note') return fail(id, -32002, `unknown resource ${params?.uri}`);
      return answer(id, { contents: [{ uri: 'quirky://note', mimeType: 'text/plain', text: 'a note' }] });
    case 'resources/templates/list':
      if (unimplementedLists) return fail(id, -32601, 'Method not found');
      return answer(id, { resourceTemplates: [] });
    case 'logging/setLevel':
      return answer(id, {});
    default:
      // prompts/list included: with --unimplemented-lists it is declared and still not implemented.
      return fail(id, -32601, 'Method not found');
  }
}

function afterInitialized() {
  log('');
  // Requests of its own, one with a string id and one with a number id.
  write({ jsonrpc: '2.0', id: 'quirky-ping', method: 'ping' });
  write({ jsonrpc: '2.0', id: 4242, method: 'ping' });
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (!line.trim()) return;
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return write({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
  }
  if (message.method && message.id !== undefined) return handleRequest(message);
  if (message.method === 'notifications/initialized') return afterInitialized();
  if (message.method) return undefined;
  // An answer to one of our own requests: keep the id exactly as it came back, with its JSON type.
  answeredServerRequests.push({ id: message.id, type: typeof message.id, ok: 'result' in message });
  return undefined;
});
lines.on('close', () => process.exit(0));
log('quirky-server: ready on stdio');
