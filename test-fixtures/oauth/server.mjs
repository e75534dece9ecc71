// An OAuth 2.1 authorization server and an MCP server protected by it, on two loopback ports, for the hub's
// OAuth tests. The authorization server is the TypeScript SDK's (mcpAuthRouter: metadata, dynamic client
// registration, an authorization endpoint that approves at once with a redirect, a token endpoint that checks
// PKCE) over an in-memory provider with short-lived access tokens and rotating refresh tokens. The MCP server
// checks bearer tokens against the same provider (requireBearerAuth), answers 401 with
// `WWW-Authenticate: Bearer resource_metadata=...` and 403 insufficient_scope for its step-up tool.
//
// Flags: --token-ttl SECONDS (default 3600)   --scope S (required for /mcp, default mcp:read)
//        --step-up-scope S (needed by admin_echo, default mcp:admin)
//        --client-id ID --client-secret SECRET --client-redirect URI (a pre-registered client)
//        --metadata oauth|oidc (oidc: only /.well-known/openid-configuration)
//        --no-resource-metadata (401s without resource_metadata: clients must find the well-known URL)
//        --hidden-resource-metadata (the metadata only at the URL the 401s name, none at the well-known URLs)
// Prints one JSON line {mcp, issuer, admin} once both ports listen. Admin endpoints (for tests) on the issuer:
// POST /admin/revoke-refresh-tokens, POST /admin/expire-access-tokens, POST /admin/deny-next, GET /admin/stats.
import { randomBytes, randomUUID } from 'node:crypto';
import express from 'express';
import * as z from 'zod';
import { mcpAuthRouter, createOAuthMetadata } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { AccessDeniedError, InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const options = parseArgs(process.argv.slice(2));
// issuedTokens lets tests look for every token ever issued in the hub's logs and API output.
const stats = { registrations: 0, authorizations: [], tokenRequests: [], unauthorized: 0, insufficientScope: 0, mcpRequests: 0, issuedTokens: [] };

class Provider {
    constructor(ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
        this.clients = new Map();
        this.codes = new Map();
        this.accessTokens = new Map();
        this.refreshTokens = new Map();
        this.denyNext = false;
        this.clientsStore = {
            getClient: async id => this.clients.get(id),
            registerClient: async client => {
                stats.registrations++;
                this.clients.set(client.client_id, client);
                return client;
            }
        };
    }

    async authorize(client, params, res) {
        stats.authorizations.push({
            client_id: client.client_id,
            redirect_uri: params.redirectUri,
            scope: params.scopes.join(' '),
            resource: params.resource?.href ?? null,
            state: params.state ?? null
        });
        if (this.denyNext) {
            this.denyNext = false;
            throw new AccessDeniedError('The user <b>denied</b> the request');
        }
        const code = randomUUID();
        this.codes.set(code, { client, params });
        // The redirect URI has a query of its own (server_name): add to it, never replace it.
        const target = new URL(params.redirectUri);
        target.searchParams.set('code', code);
        if (params.state !== undefined) {
            target.searchParams.set('state', params.state);
        }
        res.redirect(302, target.href);
    }

    async challengeForAuthorizationCode(client, code) {
        const grant = this.codes.get(code);
        if (!grant || grant.client.client_id !== client.client_id) {
            throw new InvalidGrantError('Unknown authorization code');
        }
        return grant.params.codeChallenge;
    }

    async exchangeAuthorizationCode(client, code, _verifier, redirectUri, resource) {
        const grant = this.codes.get(code);
        this.codes.delete(code);
        record('authorization_code', client, resource);
        if (!grant || grant.client.client_id !== client.client_id) {
            throw new InvalidGrantError('Unknown authorization code');
        }
        if (redirectUri !== grant.params.redirectUri) {
            throw new InvalidGrantError('redirect_uri does not match the authorization request');
        }
        if (resource && grant.params.resource && resource.href !== grant.params.resource.href) {
            throw new InvalidGrantError('resource does not match the authorization request');
        }
        return this.issue(client.client_id, grant.params.scopes, grant.params.resource?.href);
    }

    async exchangeRefreshToken(client, refreshToken, _scopes, resource) {
        record('refresh_token', client, resource);
        const grant = this.refreshTokens.get(refreshToken);
        if (!grant || grant.revoked || grant.clientId !== client.client_id) {
            throw new InvalidGrantError('Refresh token is invalid, revoked or was issued to another client');
        }
        // Rotation (OAuth 2.1 for public clients): the old refresh token dies with this use.
        this.refreshTokens.delete(refreshToken);
        return this.issue(grant.clientId, grant.scopes, grant.resource);
    }

    async verifyAccessToken(token) {
        const grant = this.accessTokens.get(token);
        if (!grant || grant.expiresAt < Date.now()) {
            throw new InvalidTokenError('Invalid or expired token');
        }
        return { token, clientId: grant.clientId, scopes: grant.scopes, expiresAt: Math.floor(grant.expiresAt / 1000), resource: grant.resource ? new URL(grant.resource) : undefined };
    }

    issue(clientId, scopes, resource) {
        const accessToken = 'at-' + randomBytes(24).toString('hex');
        const refreshToken = 'rt-' + randomBytes(24).toString('hex');
        this.accessTokens.set(accessToken, { clientId, scopes, resource, expiresAt: Date.now() + this.ttlSeconds * 1000 });
        this.refreshTokens.set(refreshToken, { clientId, scopes, resource, revoked: false });
        stats.issuedTokens.push(accessToken, refreshToken);
        return { access_token: accessToken, token_type: 'Bearer', expires_in: this.ttlSeconds, refresh_token: refreshToken, scope: scopes.join(' ') };
    }
}

function record(grantType, client, resource) {
    stats.tokenRequests.push({ grant_type: grantType, client_id: client.client_id, confidential: Boolean(client.client_secret), resource: resource?.href ?? null });
}

const provider = new Provider(options.tokenTtl);
if (options.clientId) {
    provider.clients.set(options.clientId, {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.clientRedirect],
        token_endpoint_auth_method: options.clientSecret ? 'client_secret_post' : 'none'
    });
}

const asApp = express();
const asServer = await listen(asApp);
const issuer = new URL(`http://127.0.0.1:${asServer.address().port}/`);
const mcpApp = express();
const mcpServer = await listen(mcpApp);
const mcpUrl = new URL(`http://127.0.0.1:${mcpServer.address().port}/mcp`);
const resourceMetadataPath = options.hiddenResourceMetadata ? '/meta/protected-resource' : '/.well-known/oauth-protected-resource/mcp';
const resourceMetadataUrl = new URL(resourceMetadataPath, mcpUrl).href;

// --- the authorization server -------------------------------------------------------------------------------
const noRateLimit = { rateLimit: false };
const metadata = createOAuthMetadata({ provider, issuerUrl: issuer, scopesSupported: [options.scope, options.stepUpScope] });
if (options.metadata === 'oidc') {
    asApp.use('/.well-known/oauth-authorization-server', (req, res) => res.status(404).json({ error: 'not_found' }));
    asApp.get('/.well-known/openid-configuration', (req, res) => res.json(metadata));
}
asApp.use(express.json());
asApp.post('/admin/revoke-refresh-tokens', (req, res) => {
    provider.refreshTokens.forEach(grant => (grant.revoked = true));
    res.json({ revoked: provider.refreshTokens.size });
});
asApp.post('/admin/expire-access-tokens', (req, res) => {
    const expired = provider.accessTokens.size;
    provider.accessTokens.clear();
    res.json({ expired });
});
asApp.post('/admin/deny-next', (req, res) => {
    provider.denyNext = true;
    res.json({ ok: true });
});
asApp.get('/admin/stats', (req, res) => res.json(stats));
asApp.use(mcpAuthRouter({
    provider,
    issuerUrl: issuer,
    scopesSupported: [options.scope, options.stepUpScope],
    authorizationOptions: noRateLimit,
    tokenOptions: noRateLimit,
    clientRegistrationOptions: noRateLimit,
    revocationOptions: noRateLimit
}));

// --- the protected MCP server -------------------------------------------------------------------------------
mcpApp.get(resourceMetadataPath, (req, res) => {
    res.json({ resource: mcpUrl.href, authorization_servers: [issuer.href], scopes_supported: [options.scope], bearer_methods_supported: ['header'] });
});
mcpApp.use(express.json());
const bearer = requireBearerAuth({
    verifier: provider,
    requiredScopes: [options.scope],
    resourceMetadataUrl: options.resourceMetadata ? resourceMetadataUrl : undefined,
    expectedResource: mcpUrl
});
mcpApp.all('/mcp', countFailures, bearer, stepUp, handleMcp);

function countFailures(req, res, next) {
    stats.mcpRequests++;
    res.on('finish', () => {
        if (res.statusCode === 401) stats.unauthorized++;
        if (res.statusCode === 403) stats.insufficientScope++;
    });
    next();
}

function stepUp(req, res, next) {
    const body = req.body;
    const needsMore = body?.method === 'tools/call' && body?.params?.name === 'admin_echo' && !req.auth.scopes.includes(options.stepUpScope);
    if (!needsMore) {
        return next();
    }
    const scope = [...new Set([...req.auth.scopes, options.stepUpScope])].join(' ');
    res.set('WWW-Authenticate', `Bearer error="insufficient_scope", scope="${scope}", resource_metadata="${resourceMetadataUrl}", error_description="admin_echo needs ${options.stepUpScope}"`);
    res.status(403).json({ error: 'insufficient_scope', error_description: `admin_echo needs ${options.stepUpScope}` });
}

const sessions = new Map();

async function handleMcp(req, res) {
    const sessionId = req.headers['mcp-session-id'];
    let transport = sessionId ? sessions.get(sessionId) : undefined;
    if (!transport) {
        if (sessionId || req.method !== 'POST' || !isInitializeRequest(req.body)) {
            res.status(sessionId ? 404 : 400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'No valid session' }, id: null });
            return;
        }
        transport = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: id => sessions.set(id, transport)
        });
        transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
        await newServer().connect(transport);
    }
    await transport.handleRequest(req, res, req.body);
}

function newServer() {
    const server = new McpServer({ name: 'oauth-protected', version: '1.0.0' });
    server.registerTool('echo', { description: 'Echoes the text', inputSchema: { text: z.string() } }, async ({ text }) => ({
        content: [{ type: 'text', text }]
    }));
    server.registerTool('whoami', { description: 'The client and scopes of the calling token' }, async extra => ({
        content: [{ type: 'text', text: JSON.stringify({ client_id: extra.authInfo?.clientId, scopes: extra.authInfo?.scopes }) }]
    }));
    server.registerTool('admin_echo', { description: `Echoes the text; needs ${options.stepUpScope}`, inputSchema: { text: z.string() } }, async ({ text }) => ({
        content: [{ type: 'text', text: 'admin: ' + text }]
    }));
    return server;
}

console.log(JSON.stringify({ mcp: mcpUrl.href, issuer: issuer.href, admin: new URL('/admin/', issuer).href }));

function listen(app) {
    return new Promise((resolve, reject) => {
        const server = app.listen(0, '127.0.0.1', error => (error ? reject(error) : resolve(server)));
    });
}

function parseArgs(args) {
    const parsed = { tokenTtl: 3600, scope: 'mcp:read', stepUpScope: 'mcp:admin', metadata: 'oauth', resourceMetadata: true };
    for (let i = 0; i < args.length; i++) {
        const flag = args[i];
        const value = () => args[++i];
        switch (flag) {
            case '--token-ttl': parsed.tokenTtl = Number(value()); break;
            case '--scope': parsed.scope = value(); break;
            case '--step-up-scope': parsed.stepUpScope = value(); break;
            case '--client-id': parsed.clientId = value(); break;
            case '--client-secret': parsed.clientSecret = value(); break;
            case '--client-redirect': parsed.clientRedirect = value(); break;
            case '--metadata': parsed.metadata = value(); break;
            case '--no-resource-metadata': parsed.resourceMetadata = false; break;
            case '--hidden-resource-metadata': parsed.hiddenResourceMetadata = true; break;
            default: throw new Error(`unknown flag ${flag}`);
        }
    }
    return parsed;
}
