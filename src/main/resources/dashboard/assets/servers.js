// Servers at a glance: one card per server with its status, facts and actions, redrawn from the store.
import { h, clear, $, toast, duration } from "./dom.js";
import { post } from "./api.js";
import { on, store, refreshServers, may, refusal } from "./store.js";

const TONES = { connected: "green", connecting: "amber", unauthorized: "violet", disabled: "grey" };

/** Grey for a server that is off on purpose (disabled, stopped), red for one that failed. */
export function tone(server) {
  if (server.status === "disconnected") return server.error ? "red" : "grey";
  return TONES[server.status] || "grey";
}

let ticker = null;

export function init() {
  on("servers", draw);
  on("access", () => draw(store.servers));
  $("#refresh-all").addEventListener("click", async () => {
    await act(() => post("/api/refresh"), "Lists fetched again");
  });
}

export function show() {
  draw(store.servers);
  ticker = setInterval(tick, 1000);
}

export function hide() { clearInterval(ticker); }

/** Uptime and the retry countdown move every second without asking the hub. */
function tick() {
  for (const el of document.querySelectorAll("[data-since]")) {
    el.textContent = duration((Date.now() - Number(el.dataset.since)) / 1000);
  }
  for (const el of document.querySelectorAll("[data-retry]")) {
    const left = (Date.parse(el.dataset.retry) - Date.now()) / 1000;
    el.textContent = left > 0 ? "retrying in " + Math.ceil(left) + " s" : "retrying now";
  }
}

function draw(servers) {
  const list = $("#server-list");
  const counts = {};
  for (const s of servers) counts[s.status] = (counts[s.status] || 0) + 1;
  $("#servers-summary").textContent = servers.length + " servers: "
    + Object.entries(counts).map(([k, v]) => v + " " + k).join(", ");
  clear(list, servers.map(card));
  if (!servers.length) list.append(h("p", { class: "muted" }, "No servers in the config yet. Add one in Config or from the Marketplace."));
  tick();
}

function card(s) {
  const caps = s.capabilities || {};
  const count = (k) => (caps[k] || []).length;
  const facts = h("dl", { class: "facts" },
    h("dt", {}, "transport"), h("dd", {}, s.transportType || "?"),
    s.pid ? [h("dt", {}, "pid"), h("dd", {}, String(s.pid))] : null,
    s.status === "connected" ? [h("dt", {}, "uptime"), h("dd", { dataset: { since: String(Date.now() - s.uptime * 1000) } }, duration(s.uptime))] : null,
    s.protocolVersion ? [h("dt", {}, "protocol"), h("dd", {}, s.protocolVersion)] : null,
    s.serverInfo ? [h("dt", {}, "server"), h("dd", {}, (s.serverInfo.name || "") + " " + (s.serverInfo.version || ""))] : null,
    h("dt", {}, "offers"), h("dd", {}, `${count("tools")} tools, ${count("resources")} resources, ${count("resourceTemplates")} templates, ${count("prompts")} prompts`),
    s.config_source ? [h("dt", {}, "from"), h("dd", {}, s.config_source)] : null,
    s.nextRetry ? [h("dt", {}, "next"), h("dd", { dataset: { retry: s.nextRetry } }, "")] : null,
    s.exitCode != null ? [h("dt", {}, "exit code"), h("dd", {}, String(s.exitCode))] : null);
  const actions = h("div", { class: "row" });
  const name = s.name;
  // What the signed-in caller may not do is shown, disabled, with the reason (the hub would refuse it anyway).
  const button = (label, fn, cls, needs = "admin") => h("button", {
    type: "button", class: cls, onclick: fn, "aria-label": label + " " + name,
    disabled: !may(needs), title: may(needs) ? null : refusal(needs), dataset: may(needs) ? null : { needs },
  }, label);
  if (s.status === "unauthorized") actions.append(button("Authorize", () => authorize(s), "primary"));
  if (s.status === "connected" || s.status === "connecting") {
    actions.append(button("Stop", () => act(() => post("/api/servers/stop", { server_name: name }), name + " stopped")));
    actions.append(button("Restart", () => act(async () => {
      await post("/api/servers/stop", { server_name: name });
      return post("/api/servers/start", { server_name: name });
    }, name + " restarted")));
  } else {
    actions.append(button("Start", () => act(() => post("/api/servers/start", { server_name: name }), name + " started"), "primary"));
  }
  if (s.status !== "disabled") actions.append(button("Disable", () => act(() => post("/api/servers/stop?disable=true", { server_name: name }), name + " disabled"), "danger"));
  if (s.status === "connected") actions.append(button("Refresh", () => act(() => post("/api/servers/refresh", { server_name: name }), name + " refreshed"), undefined, "read"));
  return h("article", { class: "card", dataset: { server: name, status: s.status, tone: tone(s) }, "aria-label": `${s.displayName || name}: ${s.status}` },
    h("h3", {}, s.displayName || name, h("span", { class: "badge", "data-role": "status" }, s.status)),
    s.description ? h("p", { class: "muted" }, s.description) : null,
    facts,
    s.error ? h("p", { class: "error", role: "note" }, s.error) : null,
    s.stderr && s.stderr.length ? h("details", {}, h("summary", {}, "last stderr lines"), h("pre", { class: "stderr" }, s.stderr.join("\n"))) : null,
    actions);
}

async function authorize(s) {
  // The link the hub made is opened by the page (a click, so no popup blocker); without one the hub makes it and
  // opens the browser itself. Either way the hub's callback completes the flow and the server connects.
  if (s.authorizationUrl && /^https?:/.test(s.authorizationUrl)) {
    window.open(s.authorizationUrl, "_blank", "noopener");
    toast("Finish the authorization in the new tab; the server connects by itself.");
    return;
  }
  try {
    const body = await post("/api/servers/authorize", { server_name: s.name });
    toast("Authorization opened: " + (body.authorizationUrl || ""));
  } catch (e) {
    toast(e.message, true);
  }
}

async function act(fn, done) {
  try {
    await fn();
    toast(done);
  } catch (e) {
    toast(e.message, true);
  }
  refreshServers();
}
