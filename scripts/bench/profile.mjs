// Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the samples landed, by function and by
// package. Positions in dockerlint's bundle are mapped back to src/ through the bundle's source maps.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shortens a script URL to what identifies it: the package path after node_modules, or dist/…. */
function shortUrl(url) {
  if (url === '') return '';
  const packagePath = url.split('/node_modules/').pop();
  if (packagePath !== url) return packagePath;
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/** What a sample belongs to: a package, dockerlint, Node's JavaScript internals, or native code. */
function owner(url, functionName) {
  if (url === '') return functionName === '(garbage collector)' || functionName === '(idle)' ? functionName : '(native: fs bindings, V8 runtime, wasm glue)';
  if (url.startsWith('node:')) return '(Node internals: module loading, fs)';
  if (url.startsWith('wasm://')) return 'tree-sitter (wasm)';
  const packagePath = url.split('/node_modules/');
  if (packagePath.length > 1) {
    const parts = packagePath[packagePath.length - 1].split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return 'dockerlint';
}

/** Maps `dist/…js` positions to `src/…ts:line` with the bundle's source maps (loaded once per file). */
function sourceMapper() {
  const maps = new Map();
  return (url, line, column) => {
    if (!url.startsWith('file://') || !url.includes('/dist/')) return null;
    if (!maps.has(url)) {
      const mapFile = `${fileURLToPath(url)}.map`;
      maps.set(url, existsSync(mapFile) ? { map: new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))), dir: path.dirname(mapFile) } : null);
    }
    const entry = maps.get(url);
    const found = entry?.map.findEntry(line, column);
    if (!found?.originalSource) return null;
    const packageRoot = fileURLToPath(url.slice(0, url.lastIndexOf('/dist/')));
    const source = path.relative(packageRoot, path.resolve(entry.dir, found.originalSource.replace(/^file:\/\//, '')));
    return `${source}:${found.originalLine + 1}`;
  };
}

/**
 * Self time (ms) per function and per owner, and inclusive time of dockerlint's own functions (time
 * spent in them and everything they call), highest first. A function is identified by name, file and
 * line, so two closures of one name in different places stay apart.
 */
export function summarizeProfile(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const mapToSource = sourceMapper();
  const labels = new Map();
  const label = (id) => {
    if (!labels.has(id)) {
      const { functionName, url, lineNumber, columnNumber } = nodes.get(id).callFrame;
      const where = mapToSource(url, lineNumber, columnNumber) ?? `${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
      labels.set(id, { key: `${functionName || '(anonymous)'}  ${where}`, owner: owner(url, functionName) });
    }
    return labels.get(id);
  };
  const bySelf = new Map();
  const byOwner = new Map();
  const inclusive = new Map();
  let totalUs = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const { key, owner: group } = label(id);
    bySelf.set(key, (bySelf.get(key) ?? 0) + delta);
    byOwner.set(group, (byOwner.get(group) ?? 0) + delta);
    totalUs += delta;
    // Each function once per sample, however deep it recurses.
    const counted = new Set();
    for (let current = id; current !== undefined; current = parents.get(current)) {
      const frame = label(current);
      if (frame.owner !== 'dockerlint' || counted.has(frame.key)) continue;
      counted.add(frame.key);
      inclusive.set(frame.key, (inclusive.get(frame.key) ?? 0) + delta);
    }
  });
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }));
  return { totalMs: totalUs / 1000, functions: rank(bySelf), owners: rank(byOwner), inclusive: rank(inclusive) };
}
