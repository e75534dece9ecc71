// A line diff (longest common subsequence) of two texts, drawn with context; files here are small.
import { h } from "./dom.js";

export function lineDiff(before, after) {
  const a = before ? before.split("\n") : [];
  const b = after ? after.split("\n") : [];
  const n = a.length, m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { out.push([" ", a[i]]); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { out.push(["+", b[j]]); j++; }
    else { out.push(["-", a[i]]); i++; }
  }
  return out;
}

/** The changed lines with three lines of context around them. */
export function diffView(before, after) {
  const ops = lineDiff(before, after);
  const keep = ops.map(() => false);
  ops.forEach(([op], k) => { if (op !== " ") for (let d = -3; d <= 3; d++) if (ops[k + d]) keep[k + d] = true; });
  const box = h("div", { class: "diff", role: "region", "aria-label": "Changes to the file", tabindex: "0" });
  let gap = false;
  ops.forEach(([op, text], k) => {
    if (!keep[k]) { if (!gap) box.append(h("div", { class: "gap" }, "…")); gap = true; return; }
    gap = false;
    box.append(h("div", { class: op === "+" ? "add" : op === "-" ? "del" : "" }, (op === " " ? "  " : op + " ") + text));
  });
  if (!ops.some(([op]) => op !== " ")) box.append(h("div", { class: "gap" }, "No change."));
  return box;
}
