package dev.mcphub.upstream.oauth;

import dev.mcphub.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the hub holds for one server URL, as {@code oauth-storage.json} keeps it: the client registration
 * ({@code clientInfo}), the {@code tokens}, the pending authorization ({@code codeVerifier} and its flow), and
 * the authorization server they all belong to. Mutable, guarded by the owning session's lock; {@link #save()}
 * after each change.
 */
final class Credentials {
    private final OAuthStore store;
    private final String url;
    String issuer;
    /** Where the server's protected-resource metadata was found: a 401 may be the only place it says so. */
    String resourceMetadata;

    RegisteredClient client;
    /** Volatile so that a request on its way out can read it without the lock. */
    volatile Tokens tokens;

    PendingFlow pending;
    /** The pending flow is in the shared store too (cluster): completing it here must take it from there. */
    boolean pendingShared;

    private Credentials(OAuthStore store, String url) {
        this.store = store;
        this.url = url;
    }

    /** The stored credentials of a server URL; a pre-registered client ignores a stored registration. */
    static Credentials load(OAuthStore store, String url, boolean preRegistered) {
        Credentials credentials = new Credentials(store, url);
        ObjectNode entry = store.entry(url);
        credentials.issuer = Json.string(entry, "authorizationServer");
        credentials.resourceMetadata = Json.string(entry, "resourceMetadata");
        credentials.tokens = Tokens.fromJson(entry.get("tokens"));
        JsonNode info = entry.get("clientInfo");
        credentials.client = info == null || preRegistered ? null : RegisteredClient.fromRegistration(info);
        credentials.pending =
                PendingFlow.fromJson(entry.get("pendingAuthorization"), Json.string(entry, "codeVerifier"));
        return credentials;
    }

    /**
     * Takes what the store holds now for the server, when it holds tokens: in a cluster another replica may have
     * refreshed them (or the user authorized it) since this one read the entry. The client goes with the tokens
     * (they were issued to it); the pending authorization stays this replica's. Returns the tokens now held, or
     * null (nothing changed) when the store has none.
     */
    Tokens takeStored(boolean preRegistered) {
        ObjectNode entry = store.entry(url);
        Tokens stored = Tokens.fromJson(entry.get("tokens"));
        if (stored == null) {
            return null;
        }
        tokens = stored;
        JsonNode info = entry.get("clientInfo");
        if (info != null && !preRegistered) {
            client = RegisteredClient.fromRegistration(info);
        }
        String storedIssuer = Json.string(entry, "authorizationServer");
        if (storedIssuer != null) {
            issuer = storedIssuer;
            resourceMetadata = Json.string(entry, "resourceMetadata");
        }
        return stored;
    }

    /** Clients and tokens belong to the authorization server that issued them: another one starts afresh. */
    void issuer(String current) {
        if (issuer != null && !issuer.equals(current)) {
            client = null;
            tokens = null;
            pending = null;
        }
        issuer = current;
    }

    void save() {
        ObjectNode entry = Json.object();
        if (client != null && client.info() != null) {
            entry.set("clientInfo", client.info());
        }
        if (tokens != null) {
            entry.set("tokens", tokens.toJson());
        }
        if (pending != null) {
            entry.put("codeVerifier", pending.codeVerifier());
            entry.set("pendingAuthorization", pending.toJson());
        }
        if (issuer != null && !entry.isEmpty()) {
            entry.put("authorizationServer", issuer);
            entry.put("resourceMetadata", resourceMetadata);
        }
        store.put(url, entry);
    }
}
