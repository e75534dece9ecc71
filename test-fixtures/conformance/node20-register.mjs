// Loaded with `node --import` before the conformance CLI. The 0.1.16 bundle imports `globSync` from `fs`, which
// Node gained in 22; on older Node the import fails before any scenario runs. Only `tier-check` calls it, so on
// such Node the bundle's `fs` is swapped for node20-fs.mjs, which adds a small stand-in.
import fs from 'node:fs';
import { register } from 'node:module';

if (typeof fs.globSync !== 'function') {
  register('./node20-hooks.mjs', import.meta.url);
}
