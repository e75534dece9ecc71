// The hub's live log events and each stdio server's stderr (POST /api/servers/stderr, asked for what is new
// every two seconds while the view is open); filter by server and level, search, pause.
import { h, clear, $, time } from "./dom.js";
import { post } from "./api.js";
import { on, store, may } from "./store.js";

const MAX = 2000;
const lines = [];
let held = [];
let paused = false;
let poller = null;
const stderrAt = new Map(); // server -> {pid, next}

export function init() {
  on("log", (entry) => add({ ...entry, server: serverOf(entry) }));
  on("servers", fillServers);
  for (const id of ["#log-server", "#log-level", "#log-search"]) $(id).addEventListener("input", redraw);
  $("#log-pause").addEventListener("click", () => {
    paused = !paused;
    $("#log-pause").setAttribute("aria-pressed", String(paused));
    $("#log-pause").textContent = paused ? "Resume" : "Pause";
    if (!paused) { held.forEach(push); held = []; redraw(); }
    $("#log-held").textContent = "";
  });
  $("#log-clear").addEventListener("click", () => { lines.length = 0; redraw(); });
}

export function show() { redraw(); pollStderr(); poller = setInterval(pollStderr, 2000); }
export function hide() { clearInterval(poller); }

function serverOf(entry) {
  const data = entry.data || {};
  if (typeof data.server === "string") return data.server;
  const m = /^([\w.@/-]+):\s/.exec(entry.message || "");
  if (m && store.servers.some((s) => s.name === m[1])) return m[1];
  return store.servers.map((s) => s.name).find((n) => (entry.message || "").includes("'" + n + "'") || (entry.message || "").includes('"' + n + '"')) || "";
}

function fillServers() {
  const select = $("#log-server");
  const chosen = select.value;
  clear(select, h("option", { value: "" }, "all"), store.servers.map((s) => h("option", { value: s.name }, s.name)));
  select.value = chosen;
}

function add(entry) {
  if (paused) {
    held.push(entry);
    $("#log-held").textContent = held.length + " new lines held";
    return;
  }
  push(entry);
  if (matches(entry)) {
    const list = $("#log-lines");
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 30;
    list.append(line(entry));
    while (list.children.length > MAX) list.firstChild.remove();
    if (atBottom) list.scrollTop = list.scrollHeight;
  }
}

function push(entry) {
  lines.push(entry);
  if (lines.length > MAX) lines.splice(0, lines.length - MAX);
}

function matches(entry) {
  const server = $("#log-server").value;
  const level = $("#log-level").value;
  const words = $("#log-search").value.toLowerCase();
  return (!server || entry.server === server)
    && (!level || entry.level === level)
    && (!words || (entry.message + " " + JSON.stringify(entry.data || "")).toLowerCase().includes(words));
}

function line(entry) {
  const data = entry.data && Object.keys(entry.data).length ? " " + JSON.stringify(entry.data) : "";
  return h("li", { dataset: { level: entry.level, server: entry.server || "" } },
    h("time", {}, time(entry.timestamp)), h("span", { class: "lvl lvl-" + entry.level }, entry.level),
    entry.server ? h("b", {}, entry.server + " ") : null, entry.message, data ? h("span", { class: "muted" }, data) : null);
}

function redraw() {
  const list = $("#log-lines");
  clear(list, lines.filter(matches).map(line));
  list.scrollTop = list.scrollHeight;
}

async function pollStderr() {
  if (!may("admin")) return; // Servers' stderr is the admin's (it may hold what a server should not have printed).
  for (const s of store.servers) {
    if (s.transportType !== "stdio") continue;
    const seen = stderrAt.get(s.name) || { pid: null, next: 0 };
    try {
      const body = await post("/api/servers/stderr", { server_name: s.name, after: seen.next });
      const fresh = body.pid !== seen.pid && seen.pid !== null;
      const got = fresh ? (await post("/api/servers/stderr", { server_name: s.name, after: 0 })) : body;
      for (const l of got.lines) add({ level: "stderr", server: s.name, message: l.text, timestamp: null });
      stderrAt.set(s.name, { pid: got.pid, next: got.next });
    } catch {
      // The server went away; the next round asks again.
    }
  }
}
