// The numbers a person asks for: the hub's state and clients, and per server the calls the hub made for its
// clients (REST and MCP), failures and latency (GET /api/health, GET /api/stats), every two seconds.
import { h, clear, $ } from "./dom.js";
import { get } from "./api.js";
import { store } from "./store.js";

let poller = null;
export function init() {}
export function show() { draw(); poller = setInterval(draw, 2000); }
export function hide() { clearInterval(poller); }

const fact = (label, value) => h("div", { class: "fact" }, h("b", {}, String(value)), label);

async function draw() {
  let health, stats;
  try { [health, stats] = await Promise.all([get("/api/health"), get("/api/stats")]); } catch { return; }
  const connected = health.servers.filter((s) => s.status === "connected").length;
  clear($("#health-hub"),
    fact("hub state", health.state), fact("version", health.version),
    fact("servers connected", connected + " / " + health.servers.length),
    fact("event-stream clients", stats.eventClients), fact("MCP sessions", stats.mcp?.activeClients ?? 0),
    fact("tools, resources, prompts", stats.mcp?.totalCapabilities ?? 0));
  const rows = (health.servers || store.servers).map((s) => {
    const c = stats.servers[s.name] || {};
    const n = (v) => (v == null ? 0 : v);
    return h("tr", { dataset: { server: s.name } }, h("th", { scope: "row" }, s.name), h("td", {}, s.status),
      [c.calls, c.errors, c.toolErrors, c.timeouts, c.cancelled, c.active, c.averageMs, c.p50Ms, c.p95Ms, c.maxMs].map((v) => h("td", {}, String(n(v)))));
  });
  clear($("#health-rows"), rows);
}
