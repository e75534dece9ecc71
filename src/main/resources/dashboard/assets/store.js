// What the page knows of the hub: the servers (from GET /api/servers), refreshed whenever /api/events says
// something changed, and the log lines the event stream brought. Views subscribe and redraw.
import { get, resetSession, credential, ticket } from "./api.js";

const listeners = { servers: new Set(), log: new Set(), link: new Set(), access: new Set() };
/** access: whoami's answer ({who, scopes, servers?}), or null when the hub wants no credentials. */
export const store = { servers: [], link: "connecting", hubState: null, access: null };

/** Whether the signed-in caller may do what needs {@code scope} (read, call, admin); always without auth. */
export function may(scope) {
  return !store.access || (store.access.scopes || []).includes(scope);
}

/** Why an action is not offered: "Needs the admin scope; key:ci has read". */
export function refusal(scope) {
  const a = store.access;
  return "Needs the " + scope + " scope; " + (a ? a.who + " has " + (a.scopes.join(", ") || "none") : "");
}

/** Disables a button whose action the signed-in caller may not do, saying why. */
export function gate(button, scope) {
  const allowed = may(scope);
  button.disabled = !allowed;
  if (allowed) {
    button.removeAttribute("title");
    delete button.dataset.needs;
  } else {
    button.title = refusal(scope);
    button.dataset.needs = scope;
  }
  return button;
}

export function setAccess(access) { store.access = access; emit("access", access); }

export function on(kind, fn) { listeners[kind].add(fn); }
function emit(kind, value) { for (const fn of listeners[kind]) { try { fn(value); } catch (e) { console.warn(e); } } }

let pending = null;
/** Fetches the servers again, at most once per 150 ms however many events arrive. */
export function refreshServers() {
  if (pending) return pending;
  pending = new Promise((resolve) => setTimeout(async () => {
    try {
      const body = await get("/api/servers");
      store.servers = body.servers || [];
      emit("servers", store.servers);
    } catch (e) {
      // The hub is away; the event stream says so and reconnects.
    } finally {
      pending = null;
      resolve();
    }
  }, 150));
  return pending;
}

function link(state) { store.link = state; emit("link", state); }

let source = null;
let lastEventId = null;
let stopped = false;
let retry = null;
/**
 * The event stream. The browser's EventSource reconnects by itself and sends Last-Event-ID, so the hub replays
 * what was missed; after every (re)connection the server list is fetched afresh as well, since a restarted hub
 * has a new history. Signed in, each connection needs a fresh one-time ticket (an EventSource cannot send the
 * key): a reconnection with a spent ticket is refused, the stream closes, and a new one is opened with a new
 * ticket and the last event id in the query.
 */
export async function connectEvents() {
  stopped = false;
  clearTimeout(retry);
  if (source) source.close();
  let url = "/api/events";
  if (credential()) {
    try {
      url += "?ticket=" + encodeURIComponent(await ticket()) + (lastEventId ? "&lastEventId=" + encodeURIComponent(lastEventId) : "");
    } catch (e) {
      link("down");
      if (e.status !== 401 && !stopped) retry = setTimeout(connectEvents, 2000); // A 401 goes back to the sign-in.
      return;
    }
  }
  if (stopped) return;
  const opened = new EventSource(url);
  source = opened;
  const seen = (e) => { if (e.lastEventId) lastEventId = e.lastEventId; };
  opened.addEventListener("open", () => { link("live"); resetSession(); refreshServers(); });
  opened.addEventListener("error", () => {
    if (source !== opened) return;
    link(opened.readyState === EventSource.CLOSED ? "down" : "connecting");
    if (opened.readyState === EventSource.CLOSED && !stopped) retry = setTimeout(connectEvents, 2000);
  });
  opened.addEventListener("hub_state", (e) => {
    seen(e);
    const data = JSON.parse(e.data);
    store.hubState = data.state;
    emit("log", { level: "info", message: "hub " + data.state, data, timestamp: data.timestamp, kind: "hub" });
    refreshServers();
  });
  opened.addEventListener("subscription_event", (e) => {
    seen(e);
    const data = JSON.parse(e.data);
    if (data.type !== "workspaces_updated") refreshServers();
    if (data.type === "config_changed") emit("log", { level: "info", message: "config changed", data: { isSignificant: data.isSignificant }, timestamp: data.timestamp });
  });
  opened.addEventListener("log", (e) => {
    seen(e);
    const data = JSON.parse(e.data);
    emit("log", { level: data.type || "info", message: data.message, data: data.data, code: data.code, timestamp: data.timestamp });
  });
}

/** Closes the stream for good (signed out); connectEvents opens it again. */
export function disconnectEvents() {
  stopped = true;
  clearTimeout(retry);
  if (source) source.close();
  source = null;
  lastEventId = null;
  link("signed out");
  store.servers = [];
  emit("servers", store.servers);
}
