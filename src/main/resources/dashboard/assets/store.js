// What the page knows of the hub: the servers (from GET /api/servers), refreshed whenever /api/events says
// something changed, and the log lines the event stream brought. Views subscribe and redraw.
import { get, resetSession } from "./api.js";

const listeners = { servers: new Set(), log: new Set(), link: new Set() };
export const store = { servers: [], link: "connecting", hubState: null };

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
/**
 * The event stream. The browser's EventSource reconnects by itself and sends Last-Event-ID, so the hub replays
 * what was missed; after every (re)connection the server list is fetched afresh as well, since a restarted hub
 * has a new history.
 */
export function connectEvents() {
  if (source) source.close();
  source = new EventSource("/api/events");
  source.addEventListener("open", () => { link("live"); resetSession(); refreshServers(); });
  source.addEventListener("error", () => {
    link(source.readyState === EventSource.CLOSED ? "down" : "connecting");
    if (source.readyState === EventSource.CLOSED) setTimeout(connectEvents, 2000);
  });
  source.addEventListener("hub_state", (e) => {
    const data = JSON.parse(e.data);
    store.hubState = data.state;
    emit("log", { level: "info", message: "hub " + data.state, data, timestamp: data.timestamp, kind: "hub" });
    refreshServers();
  });
  source.addEventListener("subscription_event", (e) => {
    const data = JSON.parse(e.data);
    if (data.type !== "workspaces_updated") refreshServers();
    if (data.type === "config_changed") emit("log", { level: "info", message: "config changed", data: { isSignificant: data.isSignificant }, timestamp: data.timestamp });
  });
  source.addEventListener("log", (e) => {
    const data = JSON.parse(e.data);
    emit("log", { level: data.type || "info", message: data.message, data: data.data, code: data.code, timestamp: data.timestamp });
  });
}
