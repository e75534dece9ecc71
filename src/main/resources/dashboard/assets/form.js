// A form built from a JSON Schema (a tool's inputSchema, a prompt's arguments): strings, numbers, booleans,
// enums, arrays, nested objects, required fields and defaults; a raw-JSON mode for whatever it cannot express.
import { h, pretty } from "./dom.js";

let ids = 0;
const nextId = () => "f" + (++ids);

/** {element, read()}: read() gives the value, or throws Error naming the field. */
export function schemaForm(schema, initial) {
  const root = objectField(schema || { type: "object" }, initial, "arguments", true);
  const raw = h("textarea", { rows: 10, "aria-label": "Arguments as JSON", spellcheck: "false", hidden: true });
  const toggle = h("button", { type: "button", class: "ghost", "aria-pressed": "false" }, "Raw JSON");
  let rawMode = false;
  toggle.addEventListener("click", () => {
    if (!rawMode) {
      try { raw.value = pretty(root.read()); } catch { raw.value = pretty(initial || {}); }
    } else {
      try { root.set(JSON.parse(raw.value || "{}")); } catch (e) { raw.setCustomValidity("Not JSON: " + e.message); raw.reportValidity(); return; }
    }
    rawMode = !rawMode;
    raw.hidden = !rawMode;
    root.element.hidden = rawMode;
    toggle.setAttribute("aria-pressed", String(rawMode));
  });
  raw.addEventListener("input", () => raw.setCustomValidity(""));
  const element = h("div", { class: "schema-form" }, h("div", { class: "row" }, toggle), root.element, raw);
  return {
    element,
    read() {
      if (rawMode) {
        try { return JSON.parse(raw.value || "{}"); } catch (e) { throw new Error("Arguments are not valid JSON: " + e.message); }
      }
      return root.read();
    },
  };
}

function typeOf(schema) {
  if (!schema) return "any";
  let t = schema.type;
  if (Array.isArray(t)) t = t.find((x) => x !== "null") || t[0];
  if (!t && schema.properties) t = "object";
  if (!t && schema.enum) t = "enum";
  if (schema.enum) return "enum";
  if (schema.const !== undefined) return "enum";
  return t || "any";
}

function field(schema, initial, name, required) {
  switch (typeOf(schema)) {
    case "string": return scalar(schema, initial, name, required, "text");
    case "number": case "integer": return scalar(schema, initial, name, required, "number");
    case "boolean": return checkbox(schema, initial, name);
    case "enum": return choice(schema, initial, name, required);
    case "object": return objectField(schema, initial, name, false);
    case "array": return arrayField(schema, initial, name, required);
    default: return jsonField(schema, initial, name, required);
  }
}

function label(name, schema, required, id) {
  return h("label", { for: id }, schema.title || name, required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null);
}

function hint(schema) {
  return schema.description ? h("span", { class: "hint" }, schema.description) : null;
}

function scalar(schema, initial, name, required, kind) {
  const id = nextId();
  const value = initial !== undefined ? initial : schema.default;
  const long = kind === "text" && !schema.maxLength && /text|content|body|query|prompt|message/i.test(name);
  const input = long
    ? h("textarea", { id, rows: 3, name, required })
    : h("input", { id, name, type: kind === "number" ? "number" : "text", required, step: schema.type === "integer" ? "1" : "any",
        min: schema.minimum, max: schema.maximum, placeholder: schema.format || "" });
  if (value !== undefined && value !== null) input.value = String(value);
  return {
    element: h("div", { class: "field" }, label(name, schema, required, id), input, hint(schema)),
    read() {
      if (input.value === "") {
        if (required) throw new Error(`'${name}' is required`);
        return undefined;
      }
      if (kind !== "number") return input.value;
      const n = Number(input.value);
      if (Number.isNaN(n)) throw new Error(`'${name}' must be a number`);
      return n;
    },
    set(v) { input.value = v === undefined || v === null ? "" : String(v); },
  };
}

function checkbox(schema, initial, name) {
  const id = nextId();
  const input = h("input", { id, type: "checkbox", name });
  input.checked = Boolean(initial !== undefined ? initial : schema.default);
  return {
    element: h("div", { class: "field" }, h("span", { class: "row" }, input, label(name, schema, false, id)), hint(schema)),
    read: () => input.checked,
    set(v) { input.checked = Boolean(v); },
  };
}

function choice(schema, initial, name, required) {
  const id = nextId();
  const options = schema.enum || [schema.const];
  const select = h("select", { id, name, required },
    required ? null : h("option", { value: "" }, "—"),
    options.map((o, i) => h("option", { value: String(i) }, String(o))));
  const value = initial !== undefined ? initial : schema.default;
  const at = options.findIndex((o) => o === value);
  if (at >= 0) select.value = String(at);
  return {
    element: h("div", { class: "field" }, label(name, schema, required, id), select, hint(schema)),
    read: () => (select.value === "" ? undefined : options[Number(select.value)]),
    set(v) { const i = options.findIndex((o) => o === v); select.value = i >= 0 ? String(i) : ""; },
  };
}

function objectField(schema, initial, name, top) {
  const required = new Set(schema.required || []);
  const props = schema.properties || {};
  const children = {};
  const values = initial || {};
  const body = [];
  for (const [key, sub] of Object.entries(props)) {
    children[key] = field(sub, values[key], key, required.has(key));
    body.push(children[key].element);
  }
  const extra = !Object.keys(props).length && schema.additionalProperties !== false && !top
    ? jsonField({ description: "an object, as JSON" }, initial, name, false) : null;
  if (extra) body.push(extra.element);
  if (top && !body.length) body.push(h("p", { class: "muted" }, "No arguments."));
  const element = top ? h("div", {}, body) : h("fieldset", {}, h("legend", {}, schema.title || name), hint(schema), body);
  return {
    element,
    read() {
      if (extra) return extra.read();
      const out = {};
      for (const [key, child] of Object.entries(children)) {
        const v = child.read();
        if (v !== undefined) out[key] = v;
      }
      return out;
    },
    set(v) {
      if (extra) return extra.set(v);
      for (const [key, child] of Object.entries(children)) child.set((v || {})[key]);
    },
  };
}

function arrayField(schema, initial, name, required) {
  const itemSchema = schema.items || {};
  const rows = [];
  const list = h("div", {});
  const add = (value) => {
    const item = field(itemSchema, value, name + "[" + rows.length + "]", false);
    const remove = h("button", { type: "button", class: "ghost", "aria-label": "Remove item from " + name }, "✕");
    const row = h("div", { class: "row" }, item.element, remove);
    const entry = { item, row };
    remove.addEventListener("click", () => { rows.splice(rows.indexOf(entry), 1); row.remove(); });
    rows.push(entry);
    list.append(row);
  };
  const start = initial !== undefined ? initial : schema.default;
  (Array.isArray(start) ? start : []).forEach(add);
  const element = h("fieldset", {}, h("legend", {}, (schema.title || name), required ? h("span", { class: "req" }, " *") : null),
    hint(schema), list, h("button", { type: "button", onclick: () => add(undefined), "aria-label": "Add item to " + name }, "+ item"));
  return {
    element,
    read() {
      const out = rows.map((r) => r.item.read()).filter((v) => v !== undefined);
      if (!out.length && !required) return undefined;
      return out;
    },
    set(v) { rows.splice(0).forEach((r) => r.row.remove()); (Array.isArray(v) ? v : []).forEach(add); },
  };
}

function jsonField(schema, initial, name, required) {
  const id = nextId();
  const area = h("textarea", { id, rows: 3, spellcheck: "false", name });
  const value = initial !== undefined ? initial : schema.default;
  if (value !== undefined) area.value = pretty(value);
  return {
    element: h("div", { class: "field" }, label(name, schema, required, id), area, h("span", { class: "hint" }, (schema.description ? schema.description + " · " : "") + "JSON")),
    read() {
      if (!area.value.trim()) {
        if (required) throw new Error(`'${name}' is required`);
        return undefined;
      }
      try { return JSON.parse(area.value); } catch (e) { throw new Error(`'${name}' is not valid JSON: ${e.message}`); }
    },
    set(v) { area.value = v === undefined ? "" : pretty(v); },
  };
}
