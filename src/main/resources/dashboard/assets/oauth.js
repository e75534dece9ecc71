// Signing in at the hub's authorization server: the page makes the PKCE verifier and state (kept in this tab's
// sessionStorage until the person comes back), sends the person to the authorization endpoint, and on return
// hands the one-time code and its verifier to the hub (POST /api/auth/exchange), which trades them for an access
// token. The code leaves the address at once; the token never enters one.

const PENDING = "mcp-hub-oauth-pending";

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const random = (n) => base64url(crypto.getRandomValues(new Uint8Array(n)));

/** The hub's sign-in at its authorization server, or null when it offers none. */
export async function offer() {
  try {
    const response = await fetch("/api/auth/dashboard", { headers: { Accept: "application/json" }, cache: "no-store" });
    const body = await response.json();
    return response.ok && body.oauth ? body : null;
  } catch {
    return null;
  }
}

/** Sends the person to the authorization server. */
export async function begin(config) {
  const verifier = random(32);
  const state = random(16);
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(config.authorizationEndpoint);
  for (const [k, v] of Object.entries({
    response_type: "code", client_id: config.clientId, redirect_uri: config.redirectUri, scope: config.scope,
    state, code_challenge: challenge, code_challenge_method: "S256", resource: config.resource,
  })) url.searchParams.set(k, v);
  location.assign(url.toString());
}

/**
 * Back from the authorization server: the access token for the code in the address (which is removed from it),
 * null when the page was not opened by such a return; throws Error with the reason of a failed sign-in.
 */
export async function complete() {
  const query = new URLSearchParams(location.search);
  if (!query.has("code") && !query.has("error")) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, "", location.pathname + location.hash);
  if (query.has("error")) throw new Error("The authorization server refused: " + (query.get("error_description") || query.get("error")));
  if (!pending || pending.state !== query.get("state")) throw new Error("This sign-in was not started in this tab; start it again");
  const response = await fetch("/api/auth/exchange", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ code: query.get("code"), code_verifier: pending.verifier }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) throw new Error(body.error || "HTTP " + response.status);
  return body.access_token;
}
