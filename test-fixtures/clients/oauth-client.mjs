// The official TypeScript SDK client signing in to an OAuth-protected MCP endpoint with its own OAuth client
// provider, as Claude Code or VS Code do: discovery from the 401 (RFC 9728), authorization server metadata,
// dynamic client registration, PKCE, the code exchange, and refresh when the hub refuses an access token. The
// browser's part is a fetch loop with a cookie jar that follows the authorization server's redirects (the
// test provider approves at once) until the redirect URL, whose code it hands back to the SDK.
//
//   node oauth-client.mjs <url> --secrets FILE
//
// Steps, one JSON object per stdin line, run in order: {"id", "op", "params"} with op listTools | callTool |
// forgetAccessToken (keep only the refresh token, so that the next request is refused and refreshed) | close.
// Printed lines ("type"): authorizing {authorizationServer}, connected {sessionId}, tokens {kid, refreshed,
// scope}, result {id, op, result}, error {id, op, code, message}, closed. Every secret it receives (codes,
// tokens) is appended to FILE, one a line, so that the test can look for them where they must not be.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { appendFileSync } from 'node:fs';
import readline from 'node:readline';

const [url, ...rest] = process.argv.slice(2);
const secretsFile = rest[rest.indexOf('--secrets') + 1];
const REDIRECT = 'http://127.0.0.1:9/callback';

function print(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

function keep(secret) {
  if (secret) appendFileSync(secretsFile, `${secret}\n`);
}

function kidOf(jwt) {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8')).kid ?? null;
  } catch {
    return null;
  }
}

class Provider {
  constructor() {
    this.saved = {};
    this.authorizationUrl = null;
    this.tokenCount = 0;
  }
  get redirectUrl() { return REDIRECT; }
  get clientMetadata() {
    return {
      client_name: 'mcp-hub test client',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() { return this.saved.client; }
  saveClientInformation(info) { this.saved.client = info; keep(info.client_secret); }
  tokens() { return this.saved.tokens; }
  saveTokens(tokens) {
    this.saved.tokens = tokens;
    this.tokenCount += 1;
    keep(tokens.access_token);
    keep(tokens.refresh_token);
    print({ type: 'tokens', kid: kidOf(tokens.access_token), refreshed: this.tokenCount > 1, scope: tokens.scope ?? null });
  }
  redirectToAuthorization(authorizationUrl) {
    this.authorizationUrl = authorizationUrl;
    print({ type: 'authorizing', authorizationServer: authorizationUrl.origin });
  }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
  forgetAccessToken() {
    const { access_token, ...others } = this.saved.tokens;
    this.saved.tokens = others;
  }
}

/** The user's browser: follows redirects, keeping cookies, until the redirect URL; returns the code. */
async function browse(start) {
  const jar = new Map();
  let next = new URL(start);
  for (let hop = 0; hop < 20; hop += 1) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(next, { redirect: 'manual', headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(30_000) });
    for (const header of res.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const at = pair.indexOf('=');
      const expired = attributes.some((a) => /expires=.*1970/i.test(a));
      if (expired) jar.delete(pair.slice(0, at).trim());
      else jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the authorization stopped at HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const target = new URL(location, next);
    if (target.href.startsWith(REDIRECT)) {
      const code = target.searchParams.get('code');
      if (!code) throw new Error(`the authorization server refused: ${target.search}`);
      keep(code);
      return code;
    }
    next = target;
  }
  throw new Error('too many redirects');
}

const provider = new Provider();
const client = new Client({ name: 'oauth-test-client', version: '1.0.0' });
let transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
try {
  await client.connect(transport);
} catch (e) {
  if (!(e instanceof UnauthorizedError) || !provider.authorizationUrl) {
    print({ type: 'error', id: 'connect', op: 'connect', code: e.code ?? null, message: String(e.message) });
    process.exit(1);
  }
  const code = await browse(provider.authorizationUrl);
  await transport.finishAuth(code);
  transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await client.connect(transport);
}
print({ type: 'connected', sessionId: transport.sessionId ?? null });

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const step = JSON.parse(line);
  try {
    let result;
    switch (step.op) {
      case 'listTools': result = await client.listTools(); break;
      case 'callTool': result = await client.callTool(step.params); break;
      case 'forgetAccessToken': provider.forgetAccessToken(); result = {}; break;
      case 'close': await client.close(); print({ type: 'closed' }); process.exit(0);
      default: throw new Error(`unknown op ${step.op}`);
    }
    print({ type: 'result', id: step.id, op: step.op, result });
  } catch (e) {
    print({ type: 'error', id: step.id, op: step.op, code: e.code ?? null, message: String(e.message) });
  }
}
await client.close();
print({ type: 'closed' });
