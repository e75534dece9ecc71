import { $, toast } from "./dom.js";
import { connectEvents, disconnectEvents, on, store, refreshServers, setAccess } from "./store.js";
import { credential, setCredential, whoami, whenUnauthorized } from "./api.js";
import { offer, begin, complete } from "./oauth.js";
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
  window.addEventListener("hashchange", () => { if (!signingIn) show(location.hash.slice(1)); });
  window.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    toast(String(e.reason && e.reason.message ? e.reason.message : e.reason), true);
  });
  $("#signin-form").addEventListener("submit", signIn);
  $("#signin-oauth-button").addEventListener("click", () => oauthConfig && begin(oauthConfig));
  $("#signout").addEventListener("click", () => { setCredential(null); askSignIn(null); });
  whenUnauthorized((e) => {
    // A key revoked or a token expired while the page was open: forget it, so a reload does not try it again.
    const had = credential();
    setCredential(null);
    askSignIn(had ? "Signed out: " + e.message : null);
  });
  boot();
}

let signingIn = false;

/** Asks the hub who the page is; without authentication (404) or signed in, the views open. */
async function boot() {
  let returned = null;
  try {
    const token = await complete();
    if (token) setCredential(token);
  } catch (e) {
    returned = e.message;
  }
  if (returned) return askSignIn(returned);
  let me = null;
  try {
    me = await whoami();
  } catch (e) {
    if (e.status === 401) return askSignIn(credential() ? e.message : null);
    // The hub is away: the views open and the event stream waits for it.
  }
  enter(me);
}

function enter(me) {
  signingIn = false;
  setAccess(me);
  $("#view-signin").hidden = true;
  $("#views-nav").hidden = false;
  const who = $("#who");
  who.hidden = !me;
  $("#signout").hidden = !me || !credential();
  if (me) {
    who.textContent = me.who + " · " + (me.scopes.length ? me.scopes.join(", ") : "no scopes")
      + (me.servers ? " · servers: " + me.servers.join(", ") : "");
    who.title = "Signed in as " + me.who + "; may " + (me.scopes.join(", ") || "nothing");
  }
  show(location.hash.slice(1) || "servers");
  connectEvents();
  refreshServers();
}

/** Shows the sign-in (with why, when there is a reason) instead of the views; nothing is fetched meanwhile. */
function askSignIn(reason) {
  if (signingIn && !reason) return;
  signingIn = true;
  disconnectEvents();
  setAccess(null);
  if (current && views[current].hide) views[current].hide();
  for (const key of Object.keys(views)) document.getElementById("view-" + key).hidden = true;
  $("#views-nav").hidden = true;
  $("#who").hidden = true;
  $("#signout").hidden = true;
  $("#view-signin").hidden = false;
  const error = $("#signin-error");
  error.hidden = !reason;
  error.textContent = reason || "";
  document.title = "mcp-hub · Sign in";
  $("#signin-key").focus();
  offerOAuth();
}

let oauthConfig = null;
async function offerOAuth() {
  oauthConfig = oauthConfig || await offer();
  const box = $("#signin-oauth");
  box.hidden = !oauthConfig;
  if (oauthConfig) box.querySelector("[data-role='issuer']").textContent = new URL(oauthConfig.issuer).host;
}

async function signIn(event) {
  event.preventDefault();
  const input = $("#signin-key");
  const value = input.value.trim();
  if (!value) return;
  setCredential(value);
  let me;
  try {
    me = await whoami();
  } catch (e) {
    setCredential(null);
    const error = $("#signin-error");
    error.hidden = false;
    error.textContent = e.status === 401 ? "The hub refused this key or token: " + e.message : "Could not sign in: " + e.message;
    input.select();
    return;
  }
  input.value = "";
  enter(me);
}

/** Lets other views switch view, e.g. "add from marketplace" opens the config editor. */
export function go(name) { location.hash = "#" + name; }

start();
export { store };
