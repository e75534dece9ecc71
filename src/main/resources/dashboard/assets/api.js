// The hub's public REST API. Changes carry the page's token (X-MCP-Hub-Token); a hub that restarted has a new
// one, so a refused token is fetched again once and the request retried. When the hub wants credentials, every
// request carries the signed-in key or token as Authorization: Bearer; it is kept in sessionStorage (this tab
// only, gone when the tab closes), never in a URL, and a 401 sends the page back to its sign-in.

let session = null;
const CREDENTIAL = "mcp-hub-credential";
let unauthorized = () => {};

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || "HTTP " + status);
    this.status = status;
    this.body = body;
    this.code = body && body.code;
  }
}

export function credential() {
  try { return sessionStorage.getItem(CREDENTIAL); } catch { return null; }
}

/** Keeps (or, with null, forgets) the key or token the person signed in with. */
export function setCredential(value) {
  if (value) sessionStorage.setItem(CREDENTIAL, value); else sessionStorage.removeItem(CREDENTIAL);
  session = null;
}

/** What to do when the hub answers 401: the credential is missing, wrong, revoked or expired. */
export function whenUnauthorized(fn) { unauthorized = fn; }

function withCredential(headers) {
  const c = credential();
  return c ? { ...headers, Authorization: "Bearer " + c } : headers;
}

async function token(refresh = false) {
  if (!session || refresh) session = await get("/api/dashboard/session");
  return session;
}

async function parse(response) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : {}; } catch { body = { error: text || response.statusText }; }
  if (!response.ok) {
    const error = new ApiError(response.status, body);
    if (response.status === 401) unauthorized(error);
    throw error;
  }
  return body;
}

/** A 403 that is about the page's token (not about what the caller may do): worth one retry with a fresh one. */
async function staleToken(response) {
  if (response.status !== 403) return false;
  const text = await response.clone().text();
  return text.includes("X-MCP-Hub-Token");
}

/** Who the hub thinks is calling: {who, scopes, servers?}; null when the hub has no authentication at all. */
export async function whoami() {
  const response = await fetch("/api/auth/whoami", { headers: withCredential({ Accept: "application/json" }), cache: "no-store" });
  if (response.status === 404) return null; // A hub from before whoami answered without authentication.
  const me = await parse(response);
  return me.authentication === false ? null : me;
}

/** A one-time ticket for /api/events (an EventSource cannot send the Authorization header). */
export async function ticket() {
  const response = await fetch("/api/auth/ticket", { method: "POST", headers: withCredential({ Accept: "application/json" }) });
  return (await parse(response)).ticket;
}

export async function get(path) {
  return parse(await fetch(path, { headers: withCredential({ Accept: "application/json" }), cache: "no-store" }));
}

export async function post(path, body = {}, retried = false) {
  const s = await token();
  const response = await fetch(path, {
    method: "POST",
    headers: withCredential({ "Content-Type": "application/json", Accept: "application/json", [s.header]: s.csrfToken }),
    body: JSON.stringify(body),
  });
  if (!retried && await staleToken(response)) {
    await token(true);
    return post(path, body, true);
  }
  return parse(response);
}

/** Forget the token (the hub restarted). */
export function resetSession() { session = null; }

/**
 * Calls a tool over the streaming route: onProgress gets {progress, total, message}; resolves with the result,
 * rejects with an ApiError (cancelled calls have code "CANCELLED"). Returns {callId: Promise, done: Promise}.
 */
export function streamTool(body, onProgress) {
  let resolveId;
  const callId = new Promise((resolve) => { resolveId = resolve; });
  const done = (async () => {
    let response;
    for (let attempt = 0; ; attempt++) {
      const s = await token(attempt > 0); // A refused token is fetched again once: the hub may have restarted.
      response = await fetch("/api/servers/tools/stream", {
        method: "POST",
        headers: withCredential({ "Content-Type": "application/json", Accept: "text/event-stream", [s.header]: s.csrfToken }),
        body: JSON.stringify(body),
      });
      if (attempt > 0 || !(await staleToken(response))) break;
    }
    if (!response.ok) { resolveId(null); return parse(response); }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let outcome = null;
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      buffer += value;
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = "message", data = "";
        for (const line of frame.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data += line.slice(5).trim();
        }
        if (!data) continue;
        const payload = JSON.parse(data);
        if (event === "call") resolveId(payload.call_id);
        else if (event === "progress") onProgress(payload);
        else outcome = { event, payload };
      }
    }
    resolveId(null);
    if (!outcome) throw new ApiError(0, { error: "The hub closed the call's stream without an answer" });
    if (outcome.event === "result") return outcome.payload;
    if (outcome.event === "cancelled") throw new ApiError(0, { ...outcome.payload, code: "CANCELLED", error: "Cancelled" });
    throw new ApiError(outcome.payload.status || 500, outcome.payload);
  })();
  return { callId, done };
}
