// A small Markdown renderer for marketplace READMEs that builds DOM nodes (text is never parsed as HTML, so
// a README cannot inject markup or script): headings, paragraphs, lists, fenced and indented code, block
// quotes, tables, rules, and inline code, emphasis, links and images (http/https only; images become links,
// since the page loads nothing from elsewhere). Raw HTML in a README is shown as text.
import { h } from "./dom.js";

const safeUrl = (url, base) => {
  try {
    const u = new URL(url, base || undefined);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch { return null; }
};

export function inline(text, base) {
  const out = [];
  const pattern = /(`+)([\s\S]*?)\1|!\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)|\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|<(https?:\/\/[^>\s]+)>/g;
  let last = 0, m;
  while ((m = pattern.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1]) out.push(h("code", {}, m[2]));
    else if (m[4] !== undefined) { const url = safeUrl(m[4], base); out.push(url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "[image: " + (m[3] || "image") + "]") : m[3]); }
    else if (m[6] !== undefined) { const url = safeUrl(m[6], base); out.push(url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, inline(m[5], base)) : inline(m[5], base)); }
    else if (m[7] || m[8]) out.push(h("strong", {}, inline(m[7] || m[8], base)));
    else if (m[9] || m[10]) out.push(h("em", {}, inline(m[9] || m[10], base)));
    else if (m[11]) { const url = safeUrl(m[11]); out.push(url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, m[11]) : m[11]); }
    last = pattern.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const cells = (row) => row.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());

export function markdown(source, base) {
  const root = h("div", { class: "markdown" });
  const lines = (source || "").replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    let m;
    if ((m = /^(\s*)(```|~~~)\s*([\w+-]*)/.exec(line))) {
      const fence = m[2];
      const code = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence)) code.push(lines[i++]);
      i++;
      root.append(h("pre", {}, h("code", {}, code.join("\n"))));
      continue;
    }
    if ((m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line))) {
      root.append(h("h" + Math.min(6, m[1].length + 2), {}, inline(m[2], base)));
      i++;
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) { root.append(h("hr")); i++; continue; }
    if (/^ {4}|\t/.test(line)) {
      const code = [];
      while (i < lines.length && (/^ {4}|\t/.test(lines[i]) || !lines[i].trim())) code.push(lines[i++].replace(/^( {4}|\t)/, ""));
      root.append(h("pre", {}, h("code", {}, code.join("\n").trimEnd())));
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quote = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) quote.push(lines[i++].replace(/^\s*>\s?/, ""));
      root.append(h("blockquote", {}, markdown(quote.join("\n"), base).childNodes.length ? [...markdown(quote.join("\n"), base).childNodes] : null));
      continue;
    }
    if (line.includes("|") && i + 1 < lines.length && /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(lines[i + 1])) {
      const head = cells(line);
      i += 2;
      const rows = [];
      while (i < lines.length && lines[i].includes("|") && lines[i].trim()) rows.push(cells(lines[i++]));
      root.append(h("table", {}, h("thead", {}, h("tr", {}, head.map((c) => h("th", {}, inline(c, base))))),
        h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, inline(c, base))))))));
      continue;
    }
    if ((m = /^\s*([-*+]|\d+[.)])\s+/.exec(line))) {
      const ordered = /\d/.test(m[1]);
      const list = h(ordered ? "ol" : "ul");
      while (i < lines.length && (m = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(lines[i]))) {
        let text = m[2];
        i++;
        while (i < lines.length && lines[i].trim() && /^\s{2,}\S/.test(lines[i]) && !/^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) text += " " + lines[i++].trim();
        list.append(h("li", {}, inline(text.replace(/^\[( |x)\]\s*/i, (_, x) => (x === " " ? "☐ " : "☑ ")), base)));
      }
      root.append(list);
      continue;
    }
    const para = [];
    while (i < lines.length && lines[i].trim() && !/^(#{1,6}\s|```|~~~|\s*>|\s*([-*+]|\d+[.)])\s+)/.test(lines[i])) para.push(lines[i++].trim());
    if (!para.length) { para.push(line.trim()); i++; }
    root.append(h("p", {}, inline(para.join(" "), base)));
  }
  return root;
}
