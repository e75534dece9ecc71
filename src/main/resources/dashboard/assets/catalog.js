// Browse and search every server's tools, resources, templates and prompts; call a tool from a form built from
// its schema with a progress bar and Cancel; read a resource; get a prompt.
import { h, clear, $, toast } from "./dom.js";
import { post, streamTool } from "./api.js";
import { on, store, gate } from "./store.js";
import { schemaForm } from "./form.js";
import { toolResult, resourceContents, promptResult, appFrame, isApp } from "./result.js";

let selected = null;

export function init() {
  on("servers", () => { if (!$("#view-catalog").hidden) drawList(); });
  $("#catalog-search").addEventListener("input", drawList);
  for (const box of document.querySelectorAll('#view-catalog input[name="kind"]')) box.addEventListener("change", drawList);
}

export function show() { drawList(); }

function items() {
  const out = [];
  for (const s of store.servers) {
    if (s.status !== "connected") continue;
    const c = s.capabilities || {};
    for (const t of c.tools || []) out.push({ kind: "tool", server: s.name, name: t.name, title: t.title, description: t.description, item: t });
    for (const r of c.resources || []) out.push({ kind: "resource", server: s.name, name: r.uri, title: r.name, description: r.description, item: r });
    for (const r of c.resourceTemplates || []) out.push({ kind: "template", server: s.name, name: r.uriTemplate, title: r.name, description: r.description, item: r });
    for (const p of c.prompts || []) out.push({ kind: "prompt", server: s.name, name: p.name, title: p.title, description: p.description, item: p });
  }
  return out;
}

const keyOf = (x) => x.kind + "|" + x.server + "|" + x.name;

function drawList() {
  const kinds = new Set([...document.querySelectorAll('#view-catalog input[name="kind"]:checked')].map((b) => b.value));
  const words = $("#catalog-search").value.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = items().filter((x) => kinds.has(x.kind)
    && words.every((w) => [x.name, x.title, x.description, x.server].some((f) => f && f.toLowerCase().includes(w))));
  const list = $("#catalog-list");
  clear(list, shown.slice(0, 500).map((x) => h("li", {}, h("button", {
    type: "button", "aria-current": selected === keyOf(x) ? "true" : "false", dataset: { kind: x.kind, server: x.server, name: x.name },
    onclick: () => { selected = keyOf(x); drawList(); detail(x); },
  }, h("span", { class: "kind" }, x.kind), x.title && x.kind !== "resource" ? x.title : x.name, h("small", {}, x.server + (x.description ? " — " + x.description.slice(0, 110) : ""))))));
  if (!shown.length) list.append(h("li", { class: "muted" }, store.servers.length ? "Nothing matches." : "No connected servers."));
}

/** Reads a resource (a link in a result) and shows it under the result. */
async function openResource(server, uri, where) {
  try {
    const body = await post("/api/servers/resources", { server_name: server, uri });
    where.append(resourceContents(body.result.contents));
  } catch (e) {
    where.append(h("p", { class: "alert", role: "alert" }, e.message));
  }
}

function detail(x) {
  const pane = $("#catalog-detail");
  const head = [h("h3", {}, x.title || x.name), h("p", { class: "muted" }, x.kind + " of " + x.server + (x.title ? " · " + x.name : "")),
    x.description ? h("p", {}, x.description) : null];
  if (x.kind === "tool") return clear(pane, head, toolPanel(x));
  if (x.kind === "prompt") return clear(pane, head, promptPanel(x));
  if (x.kind === "template") return clear(pane, head, templatePanel(x));
  return clear(pane, head, resourcePanel(x));
}

function toolPanel(x) {
  const form = schemaForm(x.item.inputSchema);
  const output = h("div", { "aria-live": "polite" });
  const bar = h("progress", { max: 1, value: 0, "aria-label": "Progress of " + x.name, hidden: true });
  const barText = h("span", { class: "muted", "data-role": "progress-text" });
  const call = gate(h("button", { type: "submit", class: "primary" }, "Call"), "call");
  const cancel = h("button", { type: "button", class: "danger", disabled: true }, "Cancel");
  let callId = null;
  cancel.addEventListener("click", async () => {
    const id = await callId;
    if (!id) return;
    try { await post("/api/calls/cancel", { call_id: id }); } catch (e) { toast(e.message, true); }
  });
  const submit = async (event) => {
    event.preventDefault();
    let args;
    try { args = form.read(); } catch (e) { clear(output, h("p", { class: "alert", role: "alert" }, e.message)); return; }
    clear(output, h("p", { class: "muted" }, "Calling…"));
    call.disabled = true; cancel.disabled = false;
    bar.hidden = false; bar.removeAttribute("value"); barText.textContent = "";
    const started = performance.now();
    const stream = streamTool({ server_name: x.server, tool: x.name, arguments: args }, (p) => {
      if (p.total) { bar.max = p.total; bar.value = p.progress; } else { bar.removeAttribute("value"); }
      barText.textContent = `${p.progress}${p.total ? " / " + p.total : ""}${p.message ? " — " + p.message : ""}`;
    });
    callId = stream.callId;
    try {
      const body = await stream.done;
      const ms = Math.round(performance.now() - started);
      clear(output, h("p", { class: "muted" }, `Answered in ${ms} ms`),
        toolResult(body.result, (uri) => openResource(x.server, uri, output)));
      const ui = x.item._meta && (x.item._meta.ui?.resourceUri || x.item._meta["ui/resourceUri"]);
      if (ui) showApp(x.server, ui, output);
    } catch (e) {
      const cancelled = e.code === "CANCELLED";
      clear(output, h("p", { class: cancelled ? "note" : "alert", role: "alert", dataset: { role: cancelled ? "cancelled" : "error" } },
        cancelled ? "Cancelled." : e.message));
    } finally {
      call.disabled = false; cancel.disabled = true; callId = null;
      if (bar.getAttribute("value") === null) bar.hidden = true;
    }
  };
  return h("form", { onsubmit: submit, "aria-label": "Call " + x.name }, form.element,
    h("div", { class: "row" }, call, cancel, call.dataset.needs ? h("span", { class: "muted" }, call.title) : null), bar, barText, output);
}

async function showApp(server, uri, where) {
  try {
    const body = await post("/api/servers/resources", { server_name: server, uri });
    for (const c of body.result.contents || []) if (isApp(c.mimeType) && typeof c.text === "string") where.append(appFrame(c.text, uri));
  } catch (e) {
    where.append(h("p", { class: "alert" }, "The tool's UI could not be read: " + e.message));
  }
}

function resourcePanel(x) {
  const output = h("div", { "aria-live": "polite" });
  const read = gate(h("button", { type: "button", class: "primary", onclick: () => { clear(output); openResource(x.server, x.item.uri, output); } }, "Read"), "call");
  return h("div", {}, h("p", {}, h("code", {}, x.item.uri), x.item.mimeType ? " · " + x.item.mimeType : ""), read, output);
}

function templatePanel(x) {
  const vars = [...x.item.uriTemplate.matchAll(/\{[+#./;?&]?([^}]+)\}/g)].flatMap((m) => m[1].split(",").map((v) => v.replace(/\*$/, "")));
  const props = Object.fromEntries(vars.map((v) => [v, { type: "string" }]));
  const form = schemaForm({ type: "object", properties: props, required: vars });
  const output = h("div", { "aria-live": "polite" });
  const submit = (event) => {
    event.preventDefault();
    let values;
    try { values = form.read(); } catch (e) { clear(output, h("p", { class: "alert", role: "alert" }, e.message)); return; }
    const uri = x.item.uriTemplate.replace(/\{[+#./;?&]?([^}]+)\}/g, (_, names) => names.split(",").map((n) => encodeURIComponent(values[n.replace(/\*$/, "")] ?? "")).join(","));
    clear(output);
    openResource(x.server, uri, output);
  };
  return h("form", { onsubmit: submit }, h("p", {}, h("code", {}, x.item.uriTemplate)), form.element, gate(h("button", { type: "submit", class: "primary" }, "Read"), "call"), output);
}

function promptPanel(x) {
  const args = x.item.arguments || [];
  const schema = { type: "object", properties: Object.fromEntries(args.map((a) => [a.name, { type: "string", description: a.description, title: a.title }])), required: args.filter((a) => a.required).map((a) => a.name) };
  const form = schemaForm(schema);
  const output = h("div", { "aria-live": "polite" });
  const submit = async (event) => {
    event.preventDefault();
    try {
      const body = await post("/api/servers/prompts", { server_name: x.server, prompt: x.name, arguments: form.read() });
      clear(output, promptResult(body.result, (uri) => openResource(x.server, uri, output)));
    } catch (e) {
      clear(output, h("p", { class: "alert", role: "alert" }, e.message));
    }
  };
  return h("form", { onsubmit: submit }, form.element, gate(h("button", { type: "submit", class: "primary" }, "Get prompt"), "call"), output);
}
