// The marketplace: search, categories, sort, a server's README rendered safely, and "Add to config", which
// opens the config editor with the entry the registry suggests.
import { h, clear, $, toast } from "./dom.js";
import { get, post } from "./api.js";
import { markdown } from "./markdown.js";
import { editor } from "./config.js";

let loaded = false;

export function init() {
  $("#market-form").addEventListener("submit", (e) => { e.preventDefault(); search(); });
  $("#market-category").addEventListener("change", search);
  $("#market-sort").addEventListener("change", search);
}

export function show() { if (!loaded) search(); }

async function search() {
  loaded = true;
  const q = new URLSearchParams();
  if ($("#market-search").value) q.set("search", $("#market-search").value);
  if ($("#market-category").value) q.set("category", $("#market-category").value);
  q.set("sort", $("#market-sort").value);
  const list = $("#market-list");
  clear(list, h("li", { class: "muted" }, "Loading…"));
  try {
    const body = await get("/api/marketplace?" + q);
    const servers = body.servers || [];
    categories(servers);
    clear(list, servers.map((s) => h("li", {}, h("button", { type: "button", dataset: { mcpId: s.id }, onclick: () => details(s) },
      s.name, s.verified ? " ✓" : "", h("small", {}, (s.category || "") + (s.stars != null ? " · ★ " + s.stars : "") + " — " + (s.description || ""))))));
    if (!servers.length) list.append(h("li", { class: "muted" }, "No servers match."));
  } catch (e) {
    clear(list, h("li", { class: "alert", role: "alert" }, e.message));
  }
}

function categories(servers) {
  const select = $("#market-category");
  const known = new Set([...select.options].map((o) => o.value));
  for (const c of new Set(servers.map((s) => s.category).filter(Boolean))) if (!known.has(c)) select.append(h("option", { value: c }, c));
}

function entryOf(installation) {
  try {
    const parsed = typeof installation.config === "string" ? JSON.parse(installation.config) : installation.config;
    const servers = parsed && (parsed.mcpServers || parsed.servers);
    return servers ? Object.values(servers)[0] : parsed;
  } catch { return null; }
}

async function details(s) {
  const pane = $("#market-detail");
  clear(pane, h("p", { class: "muted" }, "Loading…"));
  let readme = "";
  try {
    const body = await post("/api/marketplace/details", { mcpId: s.id });
    readme = body.server?.readmeContent || "";
  } catch (e) {
    readme = "";
    toast("README: " + e.message, true);
  }
  const installs = (s.installations || []).map((inst) => ({ inst, entry: entryOf(inst) })).filter((x) => x.entry);
  clear(pane,
    h("h3", {}, s.name),
    h("p", {}, s.description || ""),
    h("p", { class: "muted tags" }, s.author ? "by " + s.author + " · " : "", s.license ? s.license + " · " : "", (s.tags || []).map((t) => h("span", {}, t))),
    s.url && /^https?:/.test(s.url) ? h("p", {}, h("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, s.url)) : null,
    installs.length ? h("div", { class: "row" }, installs.map(({ inst, entry }) => h("button", { type: "button", class: "primary", onclick: () => add(s, entry) },
      "Add to config" + (installs.length > 1 ? " (" + inst.name + ")" : "")))) : h("p", { class: "muted" }, "The registry gives no ready entry for this server."),
    h("hr"),
    readme ? markdown(readme, s.url) : h("p", { class: "muted" }, "No README."));
}

function add(s, entry) {
  location.hash = "#config";
  setTimeout(() => editor({ name: s.id || s.name, entry, isNew: true }), 50);
}
