// The 2026-07-28 conformance fixture: a stateless MCP server on the official TypeScript SDK v2
// (@modelcontextprotocol/server 2.x, createMcpHandler with `legacy: 'reject'`, so it speaks ONLY 2026-07-28) that
// offers what the conformance suite's 2026-07-28 server scenarios (0.2.0 pre-release) call by name: the content
// tools, resources, prompts and completions of the 2025 set, and the 2026-only ones (Multi Round-Trip tools and
// prompt that answer with an InputRequiredResult, the diagnostic tools of `server-stateless`, a tool with an
// `x-mcp-header` parameter, and the JSON Schema 2020-12 tool). Written from the scenarios' descriptions against the
// SDK's public API; it shares no code with the hub. Prints `listening <url>` on stdout once it accepts connections.
//
//   node conformance-2026.mjs [--port N]
//
// requestState handles are HMAC-signed with a per-process key (the SDK's createRequestStateCodec), so a tampered
// state is refused with -32602.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  completable,
  createMcpHandler,
  createRequestStateCodec,
  hostHeaderValidationResponse,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  originValidationResponse,
  fromJsonSchema,
  inputRequired,
  McpServer,
  MissingRequiredClientCapabilityError,
  ResourceTemplate,
} from '@modelcontextprotocol/server';
import * as z from 'zod/v4';

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args[portAt + 1]) : 0;

// A 1x1 PNG and a short silent WAV: the scenarios check type and MIME type, not the picture or the sound.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const WAV = silentWav(800).toString('base64');

function silentWav(samples) {
  const data = samples * 2;
  const wav = Buffer.alloc(44 + data);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + data, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(16000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(data, 40);
  return wav;
}

const codec = createRequestStateCodec({ key: randomBytes(32) });
const text = (value) => ({ content: [{ type: 'text', text: value }] });
const noArguments = z.object({});
// How often test_trigger_tool_change / test_trigger_prompt_change ran: the lists they change carry it.
const MUTATIONS = 'mcp-hub-fixture/mutations';
const mutations = { tools: 0, prompts: 0 };
const ask = (message, field) =>
  inputRequired.elicit({
    message,
    requestedSchema: { type: 'object', properties: { [field]: { type: 'string' } }, required: [field] },
  });
const accepted = (response, field) =>
  response && typeof response === 'object' && response.action === 'accept' ? response.content?.[field] : undefined;
const CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
// The SDK lifts the per-request envelope out of _meta before the handler runs.
const clientCapabilities = (ctx) => ctx.mcpReq.envelope?.[CAPABILITIES] ?? ctx.mcpReq._meta?.[CAPABILITIES] ?? {};
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const SCHEMA_2020_12 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      $anchor: 'addressDef',
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

function contentTools(server) {
  server.registerTool('test_simple_text', { description: 'Returns simple text', inputSchema: noArguments }, async () =>
    text('This is a simple text response for testing.'),
  );
  server.registerTool('test_image_content', { description: 'Returns an image', inputSchema: noArguments }, async () => ({
    content: [{ type: 'image', data: PNG, mimeType: 'image/png' }],
  }));
  server.registerTool('test_audio_content', { description: 'Returns audio', inputSchema: noArguments }, async () => ({
    content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }],
  }));
  server.registerTool(
    'test_embedded_resource',
    { description: 'Returns an embedded resource', inputSchema: noArguments },
    async () => ({
      content: [
        {
          type: 'resource',
          resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
        },
      ],
    }),
  );
  server.registerTool(
    'test_multiple_content_types',
    { description: 'Returns text, image and resource content', inputSchema: noArguments },
    async () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' },
        },
      ],
    }),
  );
  server.registerTool('test_error_handling', { description: 'Always fails', inputSchema: noArguments }, async () => ({
    ...text('This tool intentionally returns an error for testing'),
    isError: true,
  }));
  server.registerTool(
    'test_tool_with_logging',
    { description: 'Logs three messages while it runs', inputSchema: noArguments },
    async (_args, ctx) => {
      for (const message of ['Tool execution started', 'Tool processing data', 'Tool execution completed']) {
        await ctx.mcpReq.log('info', message);
        await pause(20);
      }
      return text('Tool with logging executed successfully');
    },
  );
  server.registerTool(
    'test_tool_with_progress',
    { description: 'Reports progress 0, 50, 100', inputSchema: noArguments },
    async (_args, ctx) => {
      const token = ctx.mcpReq._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (token !== undefined) {
          await ctx.mcpReq.notify({
            method: 'notifications/progress',
            params: { progressToken: token, progress, total: 100, message: `Completed step ${progress} of 100` },
          });
        }
        await pause(20);
      }
      return text(String(token));
    },
  );
  server.registerTool(
    'json_schema_2020_12_tool',
    { description: 'Tool with JSON Schema 2020-12 features', inputSchema: fromJsonSchema(SCHEMA_2020_12) },
    async (input) => text(`JSON Schema 2020-12 tool called with: ${JSON.stringify(input)}`),
  );
  server.registerTool(
    'test_headers',
    {
      description: 'Echoes a region that is mirrored into the Mcp-Param-Region header',
      inputSchema: fromJsonSchema({
        type: 'object',
        properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, note: { type: 'string' } },
        required: ['region'],
      }),
    },
    async ({ region }) => text(`region=${region}`),
  );
}

// The diagnostic tools of the server-stateless scenario.
function statelessTools(server) {
  // McpServer turns whatever a tool throws into a tool error, so the -32021 refusal is answered before dispatch
  // (missingCapability below); the tool itself only runs for a client that declared sampling.
  server.registerTool(
    'test_missing_capability',
    { description: 'Needs the client to declare sampling', inputSchema: noArguments },
    async () => text('Success'),
  );
  server.registerTool(
    'test_streaming_elicitation',
    { description: 'Sends progress before its result', inputSchema: noArguments },
    async (_args, ctx) => {
      const token = ctx.mcpReq._meta?.progressToken;
      if (token !== undefined) {
        await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: 50, total: 100 } });
      }
      return text('Streaming complete');
    },
  );
  server.registerTool(
    'test_logging_tool',
    { description: 'Logs only when the request asks for a log level', inputSchema: noArguments },
    async (_args, ctx) => {
      // The SDK drops messages below the request's io.modelcontextprotocol/logLevel, and all without one.
      await ctx.mcpReq.log('info', 'Diagnostic trace logging activated');
      return text('Logging evaluated');
    },
  );
  // Hooks the scenario calls to change a list while a subscriptions/listen stream is open. Each really changes the
  // list (a counter in the _meta of an item of it) before announcing it, so that a client behind a proxy that
  // announces only what changed (the hub) hears of it too.
  server.registerTool(
    'test_trigger_tool_change',
    { description: 'Announces a tool list change', inputSchema: noArguments, _meta: { [MUTATIONS]: mutations.tools } },
    async () => {
      mutations.tools++;
      handler.notify.toolsChanged();
      return text('Mutation triggered');
    },
  );
  server.registerTool('test_trigger_prompt_change', { description: 'Announces a prompt list change', inputSchema: noArguments }, async () => {
    mutations.prompts++;
    handler.notify.promptsChanged();
    return text('Mutation triggered');
  });
}

// Multi Round-Trip: each tool answers with an InputRequiredResult until the inputResponses it needs arrive.
function roundTripTools(server) {
  server.registerTool(
    'test_input_required_result_elicitation',
    { description: 'MRTR: asks for a name', inputSchema: noArguments },
    async (_args, ctx) => {
      const name = accepted(ctx.mcpReq.inputResponses?.user_name, 'name');
      return name === undefined
        ? inputRequired({ inputRequests: { user_name: ask('What is your name?', 'name') } })
        : text(`Hello, ${name}!`);
    },
  );
  server.registerTool(
    'test_input_required_result_sampling',
    { description: 'MRTR: asks the client to sample', inputSchema: noArguments },
    async (_args, ctx) => {
      const sample = ctx.mcpReq.inputResponses?.sample_request;
      if (sample) return text(`Sampling result: ${sample.content?.text ?? 'no response'}`);
      return inputRequired({
        inputRequests: {
          sample_request: inputRequired.createMessage({
            messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
            maxTokens: 100,
          }),
        },
      });
    },
  );
  server.registerTool(
    'test_input_required_result_list_roots',
    { description: 'MRTR: asks for the roots', inputSchema: noArguments },
    async (_args, ctx) => {
      const roots = ctx.mcpReq.inputResponses?.roots_request;
      if (roots) return text(`Found ${Array.isArray(roots.roots) ? roots.roots.length : 0} root(s)`);
      return inputRequired({ inputRequests: { roots_request: inputRequired.listRoots() } });
    },
  );
  server.registerTool(
    'test_input_required_result_request_state',
    { description: 'MRTR: carries requestState', inputSchema: noArguments },
    async (_args, ctx) => {
      const state = ctx.mcpReq.requestState();
      if (state?.kind === 'request-state' && accepted(ctx.mcpReq.inputResponses?.confirm, 'ok') === true) {
        return text('state-ok: requestState validated');
      }
      return inputRequired({
        inputRequests: {
          confirm: inputRequired.elicit({
            message: 'Please confirm',
            requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
          }),
        },
        requestState: await codec.mint({ kind: 'request-state' }),
      });
    },
  );
  server.registerTool(
    'test_input_required_result_multiple_inputs',
    { description: 'MRTR: three input requests at once', inputSchema: noArguments },
    async (_args, ctx) => {
      const responses = ctx.mcpReq.inputResponses ?? {};
      if (ctx.mcpReq.requestState()?.kind === 'multiple-inputs' && responses.user_name && responses.greeting && responses.client_roots) {
        const roots = Array.isArray(responses.client_roots.roots) ? responses.client_roots.roots.length : 0;
        const greeting = responses.greeting.content?.text ?? 'Hello there!';
        return text(`Name: ${accepted(responses.user_name, 'name')}; Greeting: ${greeting}; Roots: ${roots}`);
      }
      return inputRequired({
        inputRequests: {
          user_name: ask('What is your name?', 'name'),
          greeting: inputRequired.createMessage({
            messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }],
            maxTokens: 50,
          }),
          client_roots: inputRequired.listRoots(),
        },
        requestState: await codec.mint({ kind: 'multiple-inputs' }),
      });
    },
  );
  server.registerTool(
    'test_input_required_result_multi_round',
    { description: 'MRTR: two rounds with evolving requestState', inputSchema: noArguments },
    async (_args, ctx) => {
      const state = ctx.mcpReq.requestState();
      const responses = ctx.mcpReq.inputResponses ?? {};
      if (state?.round === 1 && responses.step1) {
        return inputRequired({
          inputRequests: { step2: ask('Step 2: What is your favorite color?', 'color') },
          requestState: await codec.mint({ round: 2, name: accepted(responses.step1, 'name') }),
        });
      }
      if (state?.round === 2 && responses.step2) {
        return text(`Multi-round complete for ${state.name ?? 'friend'} who likes ${accepted(responses.step2, 'color')}`);
      }
      return inputRequired({
        inputRequests: { step1: ask('Step 1: What is your name?', 'name') },
        requestState: await codec.mint({ round: 1 }),
      });
    },
  );
  server.registerTool(
    'test_input_required_result_tampered_state',
    { description: 'MRTR: refuses a requestState that was altered', inputSchema: noArguments },
    async (_args, ctx) => {
      if (ctx.mcpReq.requestState()?.kind === 'tamper-test' && ctx.mcpReq.inputResponses?.confirm) {
        return text('integrity-ok: state verified');
      }
      return inputRequired({
        inputRequests: {
          confirm: inputRequired.elicit({
            message: 'Please confirm',
            requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
          }),
        },
        requestState: await codec.mint({ kind: 'tamper-test' }),
      });
    },
  );
  server.registerTool(
    'test_input_required_result_capabilities',
    { description: 'MRTR: asks only for what the client declared', inputSchema: noArguments },
    async (_args, ctx) => {
      const received = Object.keys(ctx.mcpReq.inputResponses ?? {});
      if (received.length > 0) return text(`capabilities-ok: received ${received.join(',')}`);
      const capabilities = clientCapabilities(ctx);
      const inputRequests = {};
      if (capabilities.elicitation) inputRequests.elicit_input = ask('Elicitation input', 'value');
      if (capabilities.sampling) {
        inputRequests.sample_input = inputRequired.createMessage({
          messages: [{ role: 'user', content: { type: 'text', text: 'Sample request' } }],
          maxTokens: 50,
        });
      }
      if (Object.keys(inputRequests).length === 0) return text('No supported capabilities declared');
      return inputRequired({ inputRequests, requestState: await codec.mint({ kind: 'capabilities-test' }) });
    },
  );
}

function catalogue(server) {
  server.registerResource(
    'static-text',
    'test://static-text',
    { description: 'A static text resource', mimeType: 'text/plain' },
    async (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }],
    }),
  );
  server.registerResource(
    'static-binary',
    'test://static-binary',
    { description: 'A static binary resource (PNG)', mimeType: 'image/png' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG }] }),
  );
  server.registerResource(
    'watched-resource',
    'test://watched-resource',
    { description: 'A resource clients may watch', mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'Watched resource content' }] }),
  );
  server.registerResource(
    'template',
    new ResourceTemplate('test://template/{id}/data', {
      list: undefined,
      complete: { id: (value) => ['123', '456', '789'].filter((id) => id.startsWith(value ?? '')) },
    }),
    { title: 'Resource Template', description: 'A resource template with parameter substitution', mimeType: 'application/json' },
    async (uri, { id }) => ({
      contents: [
        { uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) },
      ],
    }),
  );

  const user = (content) => ({ role: 'user', content });
  server.registerPrompt('test_simple_prompt', { description: 'A simple prompt without arguments', _meta: { [MUTATIONS]: mutations.prompts } }, async () => ({
    messages: [user({ type: 'text', text: 'This is a simple prompt for testing.' })],
  }));
  server.registerPrompt(
    'test_prompt_with_arguments',
    {
      description: 'A prompt with required arguments',
      argsSchema: z.object({
        arg1: completable(z.string().describe('First test argument'), (value) =>
          ['paris', 'park', 'party', 'test', 'testValue1'].filter((word) => word.startsWith(value ?? '')),
        ),
        arg2: z.string().describe('Second test argument'),
      }),
    },
    async ({ arg1, arg2 }) => ({
      messages: [user({ type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` })],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_embedded_resource',
    { description: 'A prompt that embeds a resource', argsSchema: z.object({ resourceUri: z.string() }) },
    async ({ resourceUri }) => ({
      messages: [
        user({ type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } }),
        user({ type: 'text', text: 'Please process the embedded resource above.' }),
      ],
    }),
  );
  server.registerPrompt('test_prompt_with_image', { description: 'A prompt that includes an image' }, async () => ({
    messages: [user({ type: 'image', data: PNG, mimeType: 'image/png' }), user({ type: 'text', text: 'Please analyze the image above.' })],
  }));
  server.registerPrompt(
    'test_input_required_result_prompt',
    { description: 'MRTR: a prompt that asks for context first' },
    async (ctx) => {
      const context = accepted(ctx.mcpReq.inputResponses?.user_context, 'context');
      if (context === undefined) {
        return inputRequired({ inputRequests: { user_context: ask('What context should the prompt use?', 'context') } });
      }
      return { messages: [user({ type: 'text', text: `Prompt with context: ${context}` })] };
    },
  );
}

function buildServer() {
  const server = new McpServer(
    { name: 'mcp-hub-conformance-2026-fixture', version: '1.0.0' },
    { capabilities: { logging: {}, completions: {} }, requestState: { verify: codec.verify } },
  );
  contentTools(server);
  statelessTools(server);
  roundTripTools(server);
  catalogue(server);
  return server;
}

// test_missing_capability called without the sampling capability in the request's envelope: -32021, HTTP 400.
function missingCapability(chunks) {
  let message;
  try {
    message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
  const params = message?.params;
  if (message?.method !== 'tools/call' || params?.name !== 'test_missing_capability' || params._meta?.[CAPABILITIES]?.sampling) {
    return undefined;
  }
  const error = new MissingRequiredClientCapabilityError({ requiredCapabilities: { sampling: {} } });
  return Response.json(
    { jsonrpc: '2.0', id: message.id ?? null, error: { code: error.code, message: error.message, data: error.data } },
    { status: 400 },
  );
}

const handler = createMcpHandler(buildServer, { legacy: 'reject' });

const listener = http.createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
      else if (value !== undefined) headers.set(name, value);
    }
    const request = new Request(`http://127.0.0.1:${listener.address().port}${req.url}`, {
      method: req.method,
      headers,
      body: ['GET', 'HEAD'].includes(req.method) ? undefined : Buffer.concat(chunks),
    });
    // DNS-rebinding protection: only loopback Host and Origin values are served.
    const response =
      hostHeaderValidationResponse(request, localhostAllowedHostnames()) ??
      originValidationResponse(request, localhostAllowedOrigins()) ??
      missingCapability(chunks) ??
      (await handler.fetch(request));
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
listener.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${listener.address().port}/mcp\n`);
});
process.on('SIGTERM', () => listener.close(() => process.exit(0)));
process.on('SIGINT', () => listener.close(() => process.exit(0)));
