// The hub's public REST API. Changes carry the page's token (X-MCP-Hub-Token); a hub that restarted has a new
// one, so a refused token is fetched again once and the request retried.

let session = null;

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || "HTTP " + status);
    this.status = status;
    this.body = body;
    this.code = body && body.code;
  }
}

async function token(refresh = false) {
  if (!session || refresh) session = await get("/api/dashboard/session");
  return session;
}

async function parse(response) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : {}; } catch { body = { error: text || response.statusText }; }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function get(path) {
  return parse(await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" }));
}

export async function post(path, body = {}, retried = false) {
  const s = await token();
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", [s.header]: s.csrfToken },
    body: JSON.stringify(body),
  });
  if (response.status === 403 && !retried) {
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
        headers: { "Content-Type": "application/json", Accept: "text/event-stream", [s.header]: s.csrfToken },
        body: JSON.stringify(body),
      });
      if (response.status !== 403 || attempt > 0) break;
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
