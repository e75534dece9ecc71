// Module resolution hook: the conformance bundles' imports of `fs` resolve to node20-fs.mjs instead (0.1.16 for
// 2025-11-25, and the 0.2.0 pre-release installed under the alias `conformance-2026` for 2026-07-28).
const FS_WITH_GLOB = new URL('./node20-fs.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const fromConformance = /\/(@modelcontextprotocol\/conformance|conformance-2026)\//.test(context.parentURL ?? '');
  if (fromConformance && (specifier === 'fs' || specifier === 'node:fs')) {
    return { url: FS_WITH_GLOB, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
