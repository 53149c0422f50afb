/**
 * Start-up of the command line: V8 compiles the ~1.5 MB bundle on every run before any work, which is
 * most of what a pre-commit run of one file costs above Node's own start-up. With a code cache from an
 * earlier run, V8 skips parsing and compiling what that run compiled. Node 20 has no
 * `module.enableCompileCache()` (Node 22.1+), so the bundle is CommonJS, compiled by `vm.Script` with
 * `cachedData`, the way Node's own CommonJS loader wraps a module.
 *
 * The cache can cost speed, never correctness: it lives in the user's cache directory, one file per
 * bundle build (its build hash, size and modification time), dockerlint and Node version, CPU
 * architecture and Node options (V8 rejects a cache made under other flags). The file holds that key in
 * full and is used only when it is the same; a file whose checksum fails is ignored, one that V8 rejects
 * is rewritten, and any error reading or writing it only means the run compiles from source.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';

/**
 * Marks a cache file of this layout: magic, the CRC-32 of the V8 data, the key's length and the key
 * (UTF-8), the data. Release builds of V8 do not checksum a code cache, so a damaged file would otherwise
 * run. The key is kept whole, so that a file name shared by two keys (it is a CRC-32 of the key; a
 * cryptographic hash would load node:crypto on every run) never passes for the other.
 */
const MAGIC = Buffer.from('dockerlint-code-cache-2\n');
const CHECKSUM_BYTES = 4;
const KEY_LENGTH_BYTES = 4;
const FILE_PREFIX = 'code-';

/** The directory for dockerlint's caches: `$XDG_CACHE_HOME`, else the platform's user cache directory. */
export function cacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string | null {
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'dockerlint');
  if (platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'dockerlint', 'Cache') : null;
  if (home === '') return null;
  return platform === 'darwin' ? path.join(home, 'Library', 'Caches', 'dockerlint') : path.join(home, '.cache', 'dockerlint');
}

export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  exports: Record<string, unknown>;
  /** Whether V8 used the cached code. */
  cacheUsed: boolean;
  /** Writes the code cache when there was none to use; call it after the run, so it holds what the run compiled. */
  save: () => void;
}

/**
 * Runs the CommonJS `bundleFile` with the code cache under `cacheDir` (none when `null`). `buildHash`
 * identifies the bundle's build; `version` is dockerlint's.
 */
export function loadBundle(bundleFile: string, options: { cacheDir: string | null; buildHash: string; version: string }): LoadedBundle {
  const source = readFileSync(bundleFile, 'latin1');
  const key = cacheKey(bundleFile, options);
  const cacheFile = options.cacheDir === null ? null : path.join(options.cacheDir, `${FILE_PREFIX}${crc32(key).toString(16).padStart(8, '0')}`);
  const cachedData = cacheFile === null ? undefined : readCache(cacheFile, key);
  // The wrapper of Node's CommonJS loader, on the first line, so positions in the bundle stay as they are.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundleFile,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile));
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cacheUsed,
    save: () => {
      if (cacheFile === null || cacheUsed) return;
      writeCache(cacheFile, key, script.createCachedData());
    },
  };
}

/** What a cache is valid for: the bundle's build and file state, dockerlint's and Node's version, the CPU and Node's options. */
function cacheKey(bundleFile: string, { buildHash, version }: { buildHash: string; version: string }): string {
  const { size, mtimeMs } = statSync(bundleFile);
  return JSON.stringify([buildHash, size, mtimeMs, version, process.version, process.arch, process.execArgv]);
}

/** The V8 data of a cache file, or `undefined` when it is missing, unreadable, damaged or of another key. */
function readCache(file: string, key: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const keyBytes = Buffer.from(key);
  const keyStart = MAGIC.length + CHECKSUM_BYTES + KEY_LENGTH_BYTES;
  const header = keyStart + keyBytes.length;
  if (bytes.length <= header || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (bytes.readUInt32BE(MAGIC.length + CHECKSUM_BYTES) !== keyBytes.length || !bytes.subarray(keyStart, header).equals(keyBytes)) return undefined;
  const data = bytes.subarray(header);
  return crc32(data) === bytes.readUInt32BE(MAGIC.length) ? data : undefined;
}

/** Writes a cache file atomically (a reader sees the old file or the new one) and removes stale ones. */
function writeCache(file: string, key: string, data: Buffer): void {
  try {
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    const keyBytes = Buffer.from(key);
    const lengths = Buffer.alloc(CHECKSUM_BYTES + KEY_LENGTH_BYTES);
    lengths.writeUInt32BE(crc32(data));
    lengths.writeUInt32BE(keyBytes.length, CHECKSUM_BYTES);
    writeFileSync(temporary, Buffer.concat([MAGIC, lengths, keyBytes, data]));
    renameSync(temporary, file);
    // Caches of other builds and versions would only pile up.
    for (const name of readdirSync(dir)) {
      if (name.startsWith(FILE_PREFIX) && name !== path.basename(file) && !name.endsWith('.tmp')) rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // A cache that cannot be written costs the next run its speed-up, nothing else.
  }
}
