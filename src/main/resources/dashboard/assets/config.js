// The config: every file with its servers (where each running server comes from), an editor for one entry with
// secrets masked unless revealed, validation by the hub's own loader shown as a diff, and save.
import { h, clear, $, toast, pretty } from "./dom.js";
import { get, post } from "./api.js";
import { on, may, refusal, gate } from "./store.js";
import { diffView } from "./diff.js";

let view = null;

export function init() {
  on("access", () => gate($("#config-new"), "admin"));
  $("#config-new").addEventListener("click", () => editor({ name: "", entry: { command: "npx", args: [] }, isNew: true }));
  on("servers", () => { if (!$("#view-config").hidden) load(); });
}

export function show() { load(); }

async function load() {
  if (!may("admin")) {
    // Reading the config (with its secrets masked) and changing it are the admin's.
    clear($("#config-files"), h("p", { class: "muted", dataset: { needs: "admin" } }, "The config: " + refusal("admin").toLowerCase()));
    return;
  }
  try {
    view = await get("/api/config");
  } catch (e) {
    clear($("#config-files"), h("p", { class: "alert" }, e.message));
    return;
  }
  $("#config-mode").textContent = view.watch
    ? "The hub follows these files (--watch): a saved change is applied by its watcher."
    : "The hub does not follow these files: a saved change is applied by the hub at once.";
  const running = new Map(view.servers.map((s) => [s.name, s]));
  clear($("#config-files"), view.files.map((f) => h("section", { "aria-label": "File " + f.path },
    h("h3", {}, h("code", {}, f.path)),
    !f.exists ? h("p", { class: "muted" }, "does not exist yet") : null,
    f.error ? h("p", { class: "alert" }, f.error) : null,
    h("ul", { class: "items" }, Object.keys(f.servers).map((name) => {
      const live = running.get(name);
      const shadowed = live && live.config_source !== f.path;
      return h("li", {}, h("button", { type: "button", dataset: { server: name }, onclick: () => editor({ name, entry: f.servers[name], file: f.path }) },
        name, h("small", {}, shadowed ? "replaced by " + live.config_source : live ? (live.disabled ? "disabled" : "in use") : "not loaded")));
    })))));
}

/** Opens a server entry in the editor; used by the marketplace's "Add to config" too. */
export function editor({ name, entry, file, isNew }) {
  const pane = $("#config-editor");
  const files = view ? view.files.map((f) => f.path) : [];
  const nameInput = h("input", { id: "cfg-name", value: name || "", required: true, readOnly: !isNew, autocomplete: "off" });
  const fileSelect = h("select", { id: "cfg-file" }, files.map((p) => h("option", { value: p }, p)));
  fileSelect.value = file || files[files.length - 1] || "";
  const text = h("textarea", { id: "cfg-entry", rows: 9, spellcheck: "false" });
  text.value = pretty(entry);
  const out = h("div", { "aria-live": "polite" });
  const body = (extra) => {
    let parsed;
    try { parsed = JSON.parse(text.value); } catch (e) { throw new Error("The entry is not valid JSON: " + e.message); }
    return { server_name: nameInput.value.trim(), entry: parsed, file: fileSelect.value || undefined, ...extra };
  };
  const showError = (e) => clear(out, h("div", { class: "alert", role: "alert", dataset: { role: "config-error" } }, e.body?.error?.error || e.body?.error || e.message));
  const validate = async (extra = {}) => {
    try {
      const answer = await post("/api/config/validate", body(extra));
      if (!answer.valid) { showError({ message: answer.error.error }); return null; }
      clear(out, summary(answer), diffView(answer.before, answer.after));
      return answer;
    } catch (e) { showError(e); return null; }
  };
  const save = async (extra = {}) => {
    // Checked first, so that an invalid edit is shown with the loader's message and nothing is sent to be written.
    if (!(await validate(extra))) return;
    try {
      const answer = await post("/api/config/save", body(extra));
      clear(out, h("p", { class: "note", role: "status", dataset: { role: "saved" } }, `Saved ${answer.file}; applied by the ${answer.applied}.`), summary(answer), diffView(answer.before, answer.after));
      toast("Config saved");
      nameInput.readOnly = true;
      load();
    } catch (e) { showError(e); }
  };
  const reveal = async () => {
    try {
      const answer = await post("/api/config/reveal", { server_name: nameInput.value.trim(), file: fileSelect.value });
      text.value = pretty(answer.entry);
    } catch (e) { showError(e); }
  };
  clear(pane,
    h("h3", {}, isNew ? "Add a server" : "Edit " + name),
    h("div", { class: "field" }, h("label", { for: "cfg-name" }, "Server name"), nameInput),
    h("div", { class: "field" }, h("label", { for: "cfg-file" }, "File"), fileSelect),
    h("div", { class: "field" }, h("label", { for: "cfg-entry" }, "Entry (JSON; secrets in env and headers are masked, and kept if left masked)"), text),
    h("div", { class: "row" },
      h("button", { type: "button", onclick: () => validate() }, "Check & show diff"),
      h("button", { type: "button", class: "primary", onclick: () => save() }, "Save"),
      isNew ? null : h("button", { type: "button", onclick: reveal }, "Reveal secrets"),
      isNew ? null : h("button", { type: "button", class: "danger", onclick: () => { if (confirm("Remove " + name + " from " + fileSelect.value + "?")) save({ remove: true, entry: undefined }); } }, "Remove")),
    out);
  (isNew ? nameInput : text).focus();
}

function summary(answer) {
  const c = answer.changes || {};
  const parts = [["added", c.added], ["removed", c.removed], ["modified", c.modified]].filter(([, v]) => v && v.length).map(([k, v]) => k + ": " + v.join(", "));
  return h("div", {},
    h("p", {}, h("code", {}, answer.file), " · ", parts.length ? parts.join("; ") : "no server changes"),
    (answer.warnings || []).map((w) => h("p", { class: "note" }, w)));
}
