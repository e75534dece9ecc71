// A real, certified OpenID provider (panva's oidc-provider) on a loopback port, as the authorization server in
// front of the hub in the hub's own-authentication tests. It issues RFC 9068 JWT access tokens for the hub's
// resource indicator (RFC 8707), with dynamic client registration, PKCE and refresh tokens, and opaque tokens
// (checked by RFC 7662 introspection) to the client `opaque-client`.
//
//   node oidc-provider.mjs [--resource URL] [--port N]
//
// The browser's part is a custom interaction that signs in as `alice` and grants what was asked at once: a
// client follows the redirects with a cookie jar and gets its code. Prints one JSON line {issuer} once it
// listens. Test-only endpoints on the same port:
//   POST /admin/resource          body {resource}: the hub's resource URL, once the hub listens
//   POST /admin/rotate            a new signing key first; the old one stays in the JWKS
//   POST /admin/sign              body: JWT claims -> {token}: signed with the current key (for refusal tests)
//   GET  /admin/stats             {registrations, tokens, jwksRequests, keys}
// Static clients: `hub` (secret `hub-introspection-secret`, introspects) and `opaque-client` (secret
// `opaque-client-secret`, client_credentials, scope mcp:read mcp:call).
import http from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Provider, errors } from 'oidc-provider';
import { SignJWT, importJWK } from 'jose';

const args = parseArgs(process.argv.slice(2));
let resource = args.resource ? args.resource.replace(/\/+$/, '') : null;
const stats = { registrations: 0, tokens: 0, jwksRequests: 0, keys: [] };
const keys = [newKey()];
let provider;

function parseArgs(argv) {
  const parsed = { port: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--resource') parsed.resource = argv[i + 1];
    else if (argv[i] === '--port') parsed.port = Number(argv[i + 1]);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return parsed;
}

function newKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

// One store for every Provider instance, so that a key rotation (a new instance) keeps grants and tokens.
const store = new Map();
class SharedAdapter {
  constructor(name) { this.name = name; }
  key(id) { return `${this.name}:${id}`; }
  async upsert(id, payload) {
    store.set(this.key(id), payload);
    if (payload.uid) store.set(`${this.name}:uid:${payload.uid}`, id);
    if (payload.userCode) store.set(`${this.name}:userCode:${payload.userCode}`, id);
  }
  async find(id) { return store.get(this.key(id)); }
  async findByUid(uid) { const id = store.get(`${this.name}:uid:${uid}`); return id && this.find(id); }
  async findByUserCode(code) { const id = store.get(`${this.name}:userCode:${code}`); return id && this.find(id); }
  async consume(id) { const p = store.get(this.key(id)); if (p) p.consumed = Math.floor(Date.now() / 1000); }
  async destroy(id) { store.delete(this.key(id)); }
  async revokeByGrantId(grantId) {
    for (const [k, v] of store) if (v && v.grantId === grantId) store.delete(k);
  }
}

function sameResource(indicator) {
  return resource !== null && indicator.replace(/\/+$/, '') === resource;
}

function makeProvider(issuer) {
  const p = new Provider(issuer, {
    adapter: SharedAdapter,
    jwks: { keys },
    clients: [
      {
        client_id: 'hub',
        client_secret: 'hub-introspection-secret',
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: 'opaque-client',
        client_secret: 'opaque-client-secret',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: 'mcp:read mcp:call',
      },
    ],
    scopes: ['openid', 'offline_access', 'mcp:read', 'mcp:call', 'mcp:admin'],
    claims: { openid: ['sub'] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async (_ctx, client) => client.clientId === 'hub' },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator, client) => {
          if (!sameResource(indicator)) throw new errors.InvalidTarget();
          return {
            scope: 'mcp:read mcp:call mcp:admin',
            audience: indicator,
            accessTokenTTL: 600,
            accessTokenFormat: client.clientId === 'opaque-client' ? 'opaque' : 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    pkce: { required: () => true },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: { AccessToken: 600, ClientCredentials: 600, RefreshToken: 3600, Interaction: 600, Session: 600, Grant: 3600 },
  });
  p.on('registration_create.success', () => { stats.registrations += 1; });
  p.on('grant.success', () => { stats.tokens += 1; });
  return p;
}

/** The browser's part, approved at once: sign in as alice, then grant every scope and resource asked for. */
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: 'alice' } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function admin(req, res, path) {
  if (path === '/admin/resource' && req.method === 'POST') {
    resource = (await readJson(req)).resource.replace(/\/+$/, '');
    send(res, 200, { resource });
  } else if (path === '/admin/rotate' && req.method === 'POST') {
    keys.unshift(newKey());
    provider = makeProvider(provider.issuer);
    send(res, 200, { kid: keys[0].kid, keys: keys.map((k) => k.kid) });
  } else if (path === '/admin/sign' && req.method === 'POST') {
    const claims = await readJson(req);
    const key = await importJWK(keys[0], 'RS256');
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: keys[0].kid, typ: 'at+jwt' }).sign(key);
    send(res, 200, { token });
  } else if (path === '/admin/stats') {
    send(res, 200, { ...stats, keys: keys.map((k) => k.kid) });
  } else {
    send(res, 404, { error: 'not found' });
  }
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  const handle = async () => {
    if (path.startsWith('/admin/')) return admin(req, res, path);
    if (path.startsWith('/interaction/')) return interaction(req, res);
    if (path === '/jwks') stats.jwksRequests += 1;
    return provider.callback()(req, res);
  };
  handle().catch((e) => {
    process.stderr.write(`oidc fixture: ${e.stack}\n`);
    if (!res.headersSent) send(res, 500, { error: String(e.message) });
  });
});

server.listen(args.port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = makeProvider(issuer);
  process.stdout.write(JSON.stringify({ issuer }) + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
