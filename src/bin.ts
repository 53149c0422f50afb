#!/usr/bin/env node
// The command line's entry: runs the bundle (dockerlint.cjs, built from bundle.ts) through the code cache.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { cacheDirectory, loadBundle } from './code-cache.js';
import type * as Bundle from './bundle.js';
import { version } from './version.js';

/** Set by the build: the hash of dockerlint.cjs as built. */
declare const DOCKERLINT_BUNDLE_HASH: string;

// The shell parser sets this flag when it loads; set first, V8's flags are the same when the cache is
// made as when it is checked, which it rejects otherwise.
v8.setFlagsFromString('--liftoff-only');
const bundleFile = fileURLToPath(new URL('./dockerlint.cjs', import.meta.url));
let bundle: typeof Bundle;
let saveCache = (): void => undefined;
if (process.env.DOCKERLINT_DEBUG) {
  // Loaded as a plain module, so that stack traces point into src/ through the source maps.
  process.setSourceMapsEnabled(true);
  bundle = createRequire(import.meta.url)(bundleFile) as typeof Bundle;
} else {
  const loaded = loadBundle(bundleFile, { cacheDir: cacheDirectory(process.env), buildHash: DOCKERLINT_BUNDLE_HASH, version });
  bundle = loaded.exports as unknown as typeof Bundle;
  saveCache = loaded.save;
}

// A reader that stops early (`dockerlint | head`) closes the pipe. The rest of the report then has nowhere
// to go, which is no error of the lint: the run ends as it would have, with its exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

process.exitCode = await bundle.main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY,
  // process.stdin is opened only when read (--stdin): opening it loads the stream modules.
  stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
});
// A cache from a run that did not lint would lack most of what later lints need, and would be kept.
if (bundle.hasLinted()) saveCache();
// Exit once everything written has reached stdout and stderr (a pipe is written asynchronously), without
// waiting for Node to tear down the heap: about 10 ms on a small run and 50 ms on a large one.
process.stdout.write('', () => process.stderr.write('', () => process.exit()));
