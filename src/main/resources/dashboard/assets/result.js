// Results as a person reads them: text (JSON pretty-printed), images, audio, resource links that open,
// embedded resources, isError in red, structured content; MCP Apps HTML in a sandboxed frame.
import { h, pretty } from "./dom.js";

const APP_MIME = "text/html;profile=mcp-app";

function textBlock(text) {
  const trimmed = (text || "").trim();
  if ((trimmed.startsWith("{") && trimmed.endsWith("}")) || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
    try { return h("pre", { class: "json" }, pretty(JSON.parse(trimmed))); } catch { /* plain text */ }
  }
  return h("pre", { class: "text" }, text);
}

const safeMime = (mime, kind) => (mime && /^[\w.+-]+\/[\w.+-]+$/.test(mime) && mime.startsWith(kind + "/") ? mime : null);

function media(kind, mime, data, alt) {
  const type = safeMime(mime, kind);
  if (!type || typeof data !== "string") return h("p", { class: "muted" }, `(${kind} of type ${mime} not shown)`);
  const src = `data:${type};base64,${data}`;
  return kind === "image" ? h("img", { src, alt: alt || "image result (" + type + ")" }) : h("audio", { controls: true, src, "aria-label": "audio result" });
}

/** Renders one content item; openResource(uri) reads a linked resource and shows it. */
export function contentItem(item, openResource) {
  switch (item.type) {
    case "text": return textBlock(item.text);
    case "image": return media("image", item.mimeType, item.data);
    case "audio": return media("audio", item.mimeType, item.data);
    case "resource_link":
      return h("p", {}, "Resource: ",
        h("button", { type: "button", class: "ghost", onclick: () => openResource(item.uri) }, item.name || item.uri),
        item.description ? h("span", { class: "muted" }, " — " + item.description) : null);
    case "resource": return resourceContents([item.resource]);
    default: return h("pre", {}, pretty(item));
  }
}

/** A tools/call result. */
export function toolResult(result, openResource) {
  const box = h("div", { class: result.isError ? "result is-error" : "result", role: "region", "aria-label": result.isError ? "Tool error" : "Tool result", dataset: { role: "result" } });
  if (result.isError) box.append(h("p", { class: "error" }, "The tool reported an error (isError)"));
  for (const item of result.content || []) box.append(contentItem(item, openResource));
  if (result.structuredContent !== undefined) {
    box.append(h("h3", {}, "Structured content"), h("pre", {}, pretty(result.structuredContent)));
  }
  return box;
}

/** A resources/read result (or embedded resources). */
export function resourceContents(contents) {
  const box = h("div", { class: "result", dataset: { role: "result" } });
  for (const c of contents || []) {
    box.append(h("p", { class: "muted" }, c.uri + (c.mimeType ? " · " + c.mimeType : "")));
    if (c.mimeType && c.mimeType.replace(/\s/g, "").startsWith(APP_MIME) && typeof c.text === "string") {
      box.append(appFrame(c.text, c.uri));
    } else if (typeof c.text === "string") {
      box.append(textBlock(c.text));
    } else if (typeof c.blob === "string") {
      if (safeMime(c.mimeType, "image")) box.append(media("image", c.mimeType, c.blob, c.uri));
      else if (safeMime(c.mimeType, "audio")) box.append(media("audio", c.mimeType, c.blob));
      else box.append(h("p", {}, "Binary content, " + Math.round(c.blob.length * 0.75) + " bytes"));
    }
  }
  return box;
}

/** A prompts/get result: its messages. */
export function promptResult(result, openResource) {
  const box = h("div", { class: "result", dataset: { role: "result" } });
  if (result.description) box.append(h("p", { class: "muted" }, result.description));
  for (const m of result.messages || []) {
    box.append(h("h3", {}, m.role), contentItem(m.content || {}, openResource));
  }
  return box;
}

/**
 * An MCP App: its HTML runs in a frame sandboxed without same-origin, served by the hub with its own strict
 * policy; the page hands it the HTML once the frame says it is ready.
 */
export function appFrame(html, title) {
  const frame = h("iframe", { class: "app", sandbox: "allow-scripts", src: "/app-frame.html", title: "MCP App " + (title || "") });
  const onMessage = (event) => {
    if (event.source === frame.contentWindow && event.data && event.data.frameReady) {
      frame.contentWindow.postMessage({ html }, "*");
      window.removeEventListener("message", onMessage);
    }
  };
  window.addEventListener("message", onMessage);
  return frame;
}

export const isApp = (mime) => Boolean(mime) && mime.replace(/\s/g, "").startsWith(APP_MIME);
