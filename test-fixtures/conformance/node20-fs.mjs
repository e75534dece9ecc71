// node:fs plus a stand-in `globSync` for Node < 22. It understands the one pattern shape the conformance CLI
// uses, `**/<file name>` with a `cwd` option, and refuses anything else rather than guess.
import fs from 'node:fs';
import path from 'node:path';

export * from 'node:fs';
export default fs;

export function globSync(pattern, options = {}) {
  const match = /^\*\*\/([^*?[\]{}/]+)$/.exec(String(pattern));
  if (!match) {
    throw new Error(`globSync stand-in (Node < 22) cannot expand '${pattern}'`);
  }
  const cwd = options.cwd ?? process.cwd();
  return fs
    .readdirSync(cwd, { recursive: true })
    .map(String)
    .filter((entry) => path.basename(entry) === match[1]);
}
