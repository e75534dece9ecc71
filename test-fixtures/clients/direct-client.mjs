// The direct side of the compatibility suite: the official TypeScript SDK's Client connected to one MCP server
// without the hub, introducing itself with the hub's own client capabilities (servers offer different things to
// different clients). It prints one JSON object: what the server declared and every item of each list it offers
// (every page), and the result of one call when asked.
//
//   node direct-client.mjs '<json spec>'
//
// spec: {"command": "...", "args": [...], "env": {...}, "cwd": "..."}   a stdio server, or
//       {"url": "...", "transport": "http"|"sse"}                       a server over HTTP,
//       plus optional "call": {"name": "...", "arguments": {...}}.
// Printed: {"serverInfo", "protocolVersion", "capabilities", "tools", "prompts", "resources", "resourceTemplates",
//           "listErrors": {kind: message}, "call": {result} | {error}}; exit 1 with {"error"} when it cannot connect.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

const spec = JSON.parse(process.argv[2]);
const TIMEOUT = { timeout: 60_000 };

/** What the hub tells every upstream it can do (see DirectServer.hubCapabilities). */
const HUB_CAPABILITIES = { roots: { listChanged: true }, sampling: {}, elicitation: { form: {}, url: {} } };

function transport() {
  if (spec.url) {
    const url = new URL(spec.url);
    return spec.transport === 'sse' ? new SSEClientTransport(url) : new StreamableHTTPClientTransport(url);
  }
  return new StdioClientTransport({
    command: spec.command,
    args: spec.args ?? [],
    env: { ...getDefaultEnvironment(), ...(spec.env ?? {}) },
    cwd: spec.cwd,
    stderr: 'ignore',
  });
}

const LISTS = [
  ['tools', 'tools', (c, p) => c.listTools(p, TIMEOUT)],
  ['prompts', 'prompts', (c, p) => c.listPrompts(p, TIMEOUT)],
  ['resources', 'resources', (c, p) => c.listResources(p, TIMEOUT)],
  ['resources', 'resourceTemplates', (c, p) => c.listResourceTemplates(p, TIMEOUT)],
];

const client = new Client({ name: 'mcp-hub', version: '0.1.0' }, { capabilities: HUB_CAPABILITIES });
// The same refusals as the hub's when no downstream client can take the request.
client.setRequestHandler(CreateMessageRequestSchema, async () => {
  throw new Error('no client to sample');
});
client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [] }));

/** Exits once the output has reached stdout: process.exit() drops what a slow pipe has not taken yet. */
function exitAfterOutput(code) {
  process.stdout.write('', () => process.exit(code));
}

const out = {};
try {
  const t = transport();
  await client.connect(t, TIMEOUT);
  out.serverInfo = client.getServerVersion() ?? null;
  out.protocolVersion = t.protocolVersion ?? null;
  out.capabilities = client.getServerCapabilities() ?? {};
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String(error?.message ?? error) }) + '\n');
  exitAfterOutput(1);
  await new Promise(() => {}); // until the exit above
}
out.listErrors = {};
for (const [capability, field, list] of LISTS) {
  out[field] = [];
  if (!out.capabilities[capability]) continue;
  try {
    let cursor;
    do {
      const page = await list(client, cursor ? { cursor } : undefined);
      out[field].push(...page[field]);
      cursor = page.nextCursor;
    } while (cursor);
  } catch (error) {
    out.listErrors[field] = `${error?.code ?? ''} ${error?.message ?? error}`.trim();
  }
}
if (spec.call) {
  try {
    out.call = { result: await client.callTool(spec.call, undefined, TIMEOUT) };
  } catch (error) {
    out.call = { error: { code: error?.code ?? null, message: String(error?.message ?? error) } };
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
await client.close();
exitAfterOutput(0);
