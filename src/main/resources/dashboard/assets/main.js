import { $, toast } from "./dom.js";
import { connectEvents, on, store, refreshServers } from "./store.js";
import * as servers from "./servers.js";
import * as catalog from "./catalog.js";
import * as logs from "./logs.js";
import * as config from "./config.js";
import * as market from "./market.js";
import * as health from "./health.js";

const views = { servers, catalog, logs, config, marketplace: market, health };
let current = null;

function show(name) {
  if (!views[name]) name = "servers";
  for (const key of Object.keys(views)) {
    const section = document.getElementById("view-" + key);
    section.hidden = key !== name;
    const tab = document.querySelector(`#tabs a[data-view="${key}"]`);
    if (key === name) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
  }
  if (current && current !== name && views[current].hide) views[current].hide();
  current = name;
  if (views[name].show) views[name].show();
  document.title = "mcp-hub · " + document.querySelector(`#tabs a[data-view="${name}"]`).textContent;
}

const THEMES = ["auto", "light", "dark"];
function applyTheme(theme) {
  if (theme === "auto") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", theme);
  const button = $("#theme");
  button.textContent = { auto: "◐ auto", light: "☀ light", dark: "☾ dark" }[theme];
  button.setAttribute("aria-label", "Colour theme: " + (theme === "auto" ? "follows the system" : theme) + ". Change it");
}

function start() {
  let theme = localStorage.getItem("mcp-hub-theme") || "auto";
  applyTheme(theme);
  $("#theme").addEventListener("click", () => {
    theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
    localStorage.setItem("mcp-hub-theme", theme);
    applyTheme(theme);
  });
  on("link", (state) => {
    const el = $("#link");
    el.dataset.state = state;
    el.textContent = { live: "live", connecting: "reconnecting…", down: "hub unreachable" }[state] || state;
  });
  for (const view of Object.values(views)) view.init();
  window.addEventListener("hashchange", () => show(location.hash.slice(1)));
  show(location.hash.slice(1) || "servers");
  connectEvents();
  refreshServers();
  window.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    toast(String(e.reason && e.reason.message ? e.reason.message : e.reason), true);
  });
}

/** Lets other views switch view, e.g. "add from marketplace" opens the config editor. */
export function go(name) { location.hash = "#" + name; }

start();
export { store };
