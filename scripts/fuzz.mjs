// Lints seeded hostile projects (test/helpers/fuzz-cases.ts: layouts, special files, damaged contents,
// resource-exhaustion shapes) with the built dockerlint, each case within a time and a memory bound.
//   npm run fuzz -- --cases 10000 --seed 1 [--jobs 2] [--time-limit 15000] [--memory-mb 300]
// A case is three runs (lint, fix, fix again); the time limit is the case's, in milliseconds.
// Cases run in worker threads: a case that overruns its time is stopped by terminating its worker, one that
// overruns its memory ends its worker with an out-of-memory error; both are failures. Prints the seed of
// every failure, so that `--cases 1 --seed N` reproduces it, and exits 1 when there is one.
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

if (isMainThread) await main();
else await work();

async function main() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      jobs: { type: 'string', default: String(Math.max(1, availableParallelism() - 1)) },
      'time-limit': { type: 'string', default: '15000' },
      'memory-mb': { type: 'string', default: '300' },
    },
  });
  const cases = Number(values.cases);
  const first = Number(values.seed);
  const timeLimit = Number(values['time-limit']);
  const memoryMb = Number(values['memory-mb']);
  // The generator is TypeScript shared with the tests: bundle it for plain Node.
  const bundleDir = mkdtempSync(path.join(tmpdir(), 'dockerlint-fuzz-'));
  const generator = path.join(bundleDir, 'fuzz-cases.mjs');
  await build({ entryPoints: [path.join(root, 'test/helpers/fuzz-cases.ts')], bundle: true, platform: 'node', format: 'esm', outfile: generator, logLevel: 'error' });
  const contents = fixtureFiles(path.join(root, 'fixtures'));

  const seeds = Array.from({ length: cases }, (_, index) => first + index);
  const failures = [];
  let done = 0;
  const started = Date.now();
  const runWorker = () =>
    new Promise((resolve) => {
      if (seeds.length === 0) return resolve();
      const worker = new Worker(fileURLToPath(import.meta.url), {
        workerData: { generator: pathToFileURL(generator).href, lint: pathToFileURL(path.join(root, 'dist/lint.js')).href, contents },
        resourceLimits: { maxOldGenerationSizeMb: memoryMb },
      });
      let current = null;
      let timer = null;
      const give = () => {
        current = seeds.shift() ?? null;
        if (current === null) return void worker.terminate();
        timer = setTimeout(() => {
          failures.push({ seed: current, problems: [`took over ${timeLimit} ms`] });
          print(`seed ${current} failed: took over ${timeLimit} ms`);
          current = null;
          void worker.terminate();
        }, timeLimit);
        worker.postMessage(current);
      };
      worker.on('message', ({ seed, problems, shapes }) => {
        clearTimeout(timer);
        done++;
        if (problems.length > 0) {
          failures.push({ seed, problems, shapes });
          print(`seed ${seed} failed: ${problems[0]}`);
        }
        if (done % 500 === 0) print(`${done}/${cases} cases, ${failures.length} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
        give();
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        if (current !== null) failures.push({ seed: current, problems: [`worker died: ${error.message}`] });
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        resolve(runWorker());
      });
      give();
    });
  await Promise.all(Array.from({ length: Number(values.jobs) }, runWorker));
  rmSync(bundleDir, { recursive: true, force: true });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const { seed, problems, shapes } of failures.sort((a, b) => a.seed - b.seed)) {
    print(`FAILED seed ${seed}${shapes ? ` (${shapes.join('; ')})` : ''}:\n  ${problems.join('\n  ')}`);
  }
  print(`${cases} cases from seed ${first} in ${seconds} s: ${failures.length} failed${failures.length > 0 ? ` (seeds ${failures.map((failure) => failure.seed).join(', ')})` : ''}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

async function work() {
  const { fuzzCase, materialize, checkCase } = await import(workerData.generator);
  const { lint } = await import(workerData.lint);
  parentPort.on('message', async (seed) => {
    const fuzz = fuzzCase(seed, workerData.contents);
    const parent = mkdtempSync(path.join(tmpdir(), 'dockerlint-fuzz-case-'));
    let problems;
    try {
      problems = await checkCase(lint, materialize(parent, fuzz));
    } catch (error) {
      problems = [`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
    parentPort.postMessage({ seed, problems, shapes: fuzz.shapes });
  });
}

/** The fixtures' Dockerfiles, compose, ignore, env and script files: real contents to damage. */
function fixtureFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return fixtureFiles(file);
    return /(?:^|\.)(?:Dockerfile|dockerfile)(?:\.|$)|^Dockerfile|compose.*\.ya?ml$|\.sh$|\.dockerignore$|^\.env/.test(name) ? [file] : [];
  });
}

function print(line) {
  process.stdout.write(`${line}\n`);
}
