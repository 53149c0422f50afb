// Runs tools as whole processes and measures them: wall time from the parent (spawn to exit), peak RSS
// and CPU time from inside the child, through a preloaded probe that reads the child's own
// `process.resourceUsage()` as it exits. Every measured process (the `node -e 0` floor included) gets
// the same probe, so its cost is part of the floor and cancels out in comparisons.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

// CommonJS on purpose: `--require` of a CommonJS file adds no measurable start-up cost, while
// `--import` of an ES module starts the ESM loader (~15 ms CPU on the bench machine) even for
// CommonJS tools. Written to the scratch directory at run time, so the repository holds no .cjs file.
const USAGE_PROBE = `'use strict';
// Preloaded into every measured process: on exit, records this process's peak RSS and CPU time.
const { writeFileSync } = require('node:fs');
const usageFile = process.env.DOCKERLINT_BENCH_USAGE_FILE;
if (usageFile) {
  delete process.env.DOCKERLINT_BENCH_USAGE_FILE;
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(usageFile, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  });
}
`;

// dockerfile-utils has no CLI of its own for validation; this is the smallest program that runs its
// \`validate()\` on files and shows that it ran (the diagnostic count).
const DOCKERFILE_UTILS_RUNNER = `'use strict';
// Runs dockerfile-utils' validate() on every file named after the module path; prints the counts.
const { readFileSync } = require('node:fs');
const [modulePath, ...files] = process.argv.slice(2);
const { validate } = require(modulePath);
let diagnostics = 0;
for (const file of files) diagnostics += validate(readFileSync(file, 'utf8')).length;
process.stdout.write(JSON.stringify({ files: files.length, diagnostics }) + '\\n');
`;

// The floors: what dockerlint's parsers cost on their own, measured beside it, so that a missed target
// can be set against what no change to dockerlint's own code takes away. The shell floor loads
// tree-sitter-bash (its runtime and grammar, the wasm files dockerlint ships) and parses the RUN
// instructions of each Dockerfile; the Dockerfile floor parses each with dockerfile-ast and reads the
// instructions' arguments; the YAML floor parses and composes each compose file with \`yaml\`, merge
// keys on, as dockerlint does. None checks anything.
const SHELL_GRAMMAR_FLOOR = `'use strict';
// Loads web-tree-sitter and the bash grammar, parses every RUN instruction of the files; prints the counts.
const { readFileSync } = require('node:fs');
// As dockerlint does: without it, V8's optimising compile of the grammar delays the exit.
require('node:v8').setFlagsFromString('--liftoff-only');
const [modulePath, runtimeWasm, grammarWasm, ...files] = process.argv.slice(2);
const { Parser, Language } = require(modulePath);
(async () => {
  // From here on is what dockerlint pays for the grammar on top of loading its own code (which holds
  // web-tree-sitter's JavaScript): reported as loadAndParseMs.
  const started = performance.now();
  await Parser.init({ locateFile: () => runtimeWasm });
  const parser = new Parser();
  parser.setLanguage(await Language.load(grammarWasm));
  let commands = 0;
  for (const file of files) {
    // Continuation lines joined; a RUN's flags (--mount=…) dropped. Heredoc bodies stay out: a floor
    // may parse less than dockerlint, never more.
    const lines = readFileSync(file, 'utf8').replace(/\\\\\\r?\\n/g, ' ').split('\\n');
    for (const line of lines) {
      const run = /^\\s*run\\s+((?:--\\S+\\s+)*)(.*)$/i.exec(line);
      if (run === null) continue;
      const tree = parser.parse(run[2]);
      // Top-level statements: a count that shows the parse ran, without walking the tree.
      commands += tree.rootNode.namedChildCount;
      tree.delete();
    }
  }
  process.stdout.write(JSON.stringify({ files: files.length, commands, loadAndParseMs: performance.now() - started }) + '\\n');
})();
`;

const DOCKERFILE_AST_FLOOR = `'use strict';
// Parses every file with dockerfile-ast and reads each instruction's arguments; prints the counts.
const { readFileSync } = require('node:fs');
const [modulePath, ...files] = process.argv.slice(2);
const { DockerfileParser } = require(modulePath);
let instructions = 0;
for (const file of files) {
  for (const instruction of DockerfileParser.parse(readFileSync(file, 'utf8')).getInstructions()) {
    instruction.getArguments();
    instructions++;
  }
}
process.stdout.write(JSON.stringify({ files: files.length, instructions }) + '\\n');
`;

const YAML_FLOOR = `'use strict';
// Parses and composes every file with yaml (merge keys on); prints the counts.
const { readFileSync } = require('node:fs');
const [modulePath, ...files] = process.argv.slice(2);
const { Composer, Parser } = require(modulePath);
let documents = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const composer = new Composer({ merge: true, uniqueKeys: false });
  for (const token of new Parser().parse(text)) for (const document of composer.next(token)) documents += document.errors.length === 0 ? 1 : 0;
  for (const document of composer.end(true, text.length)) documents += document.errors.length === 0 ? 1 : 0;
}
process.stdout.write(JSON.stringify({ files: files.length, documents }) + '\\n');
`;

/** Writes the helper programs into `dir`; returns their paths. */
export function writeHelpers(dir) {
  const probe = path.join(dir, 'usage-probe.cjs');
  const dockerfileUtilsRunner = path.join(dir, 'dockerfile-utils-runner.cjs');
  writeFileSync(probe, USAGE_PROBE);
  writeFileSync(dockerfileUtilsRunner, DOCKERFILE_UTILS_RUNNER);
  const shellGrammarFloor = path.join(dir, 'shell-grammar-floor.cjs');
  const dockerfileAstFloor = path.join(dir, 'dockerfile-ast-floor.cjs');
  const yamlFloor = path.join(dir, 'yaml-floor.cjs');
  writeFileSync(shellGrammarFloor, SHELL_GRAMMAR_FLOOR);
  writeFileSync(dockerfileAstFloor, DOCKERFILE_AST_FLOOR);
  writeFileSync(yamlFloor, YAML_FLOOR);
  return { probe, dockerfileUtilsRunner, shellGrammarFloor, dockerfileAstFloor, yamlFloor };
}

/**
 * Runs `node <args>` once in `cwd`. Resolves to wall time, peak RSS (KiB, `null` if the probe could not
 * report, e.g. killed by a signal), CPU time, exit code and output. Output goes to files, not pipes:
 * dclint and dockerfilelint call `process.exit()` right after printing, which cuts their report short
 * at about 200 KiB on a pipe (writes to a pipe are asynchronous there) but not on a file.
 */
export function runNode(args, { cwd, probe, usageFile }) {
  rmSync(usageFile, { force: true });
  const stdoutFile = `${usageFile}.stdout`;
  const stderrFile = `${usageFile}.stderr`;
  const stdoutFd = openSync(stdoutFile, 'w');
  const stderrFd = openSync(stderrFile, 'w');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', probe, ...args], {
      cwd,
      env: { ...process.env, DOCKERLINT_BENCH_USAGE_FILE: usageFile, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', stdoutFd, stderrFd],
    });
    closeSync(stdoutFd);
    closeSync(stderrFd);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let usage = { maxRssKiB: null, cpuMs: null };
      try {
        usage = JSON.parse(readFileSync(usageFile, 'utf8'));
      } catch {
        // No report: the child died before its exit handlers ran; RSS and CPU stay unknown.
      }
      resolve({
        wallMs,
        maxRssKiB: usage.maxRssKiB,
        cpuMs: usage.cpuMs,
        exitCode: code,
        signal,
        stdout: readFileSync(stdoutFile, 'utf8'),
        stderr: readFileSync(stderrFile, 'utf8'),
      });
    });
  });
}

export function median(values) {
  const sorted = values.filter((value) => value !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Measures every command of a corpus, interleaved: each round runs each command once, so a change in
 * machine load during the benchmark hits every tool alike. A command stops after `runs` measured runs,
 * or earlier once it has `minRuns` and has used `budgetMs` of measured time (slow peers).
 * `check(result)` returns the findings count or throws when the output shows the tool did not run.
 */
export async function measureAll(commands, { warmups, runs, minRuns, budgetMs, probe, usageFile, onRun }) {
  const results = new Map(commands.map((command) => [command, { samples: [], spentMs: 0, findings: null }]));
  const runChecked = async (command) => {
    const result = await runNode(command.args, { cwd: command.cwd, probe, usageFile });
    let findings;
    try {
      findings = command.check(result);
    } catch (error) {
      throw new Error(`${command.label} (${command.input}) did not run properly: ${error.message}\nexit code ${result.exitCode}, signal ${result.signal}\nstderr:\n${result.stderr.slice(0, 2000)}`, { cause: error });
    }
    return { result, findings };
  };
  for (let round = 0; round < warmups; round++) {
    for (const command of commands) await runChecked(command);
  }
  for (let round = 0; round < runs; round++) {
    const pending = commands.filter((command) => {
      const { samples, spentMs } = results.get(command);
      return samples.length < runs && !(samples.length >= minRuns && spentMs >= budgetMs);
    });
    if (pending.length === 0) break;
    for (const command of pending) {
      const { result, findings } = await runChecked(command);
      const entry = results.get(command);
      entry.samples.push({ wallMs: result.wallMs, maxRssKiB: result.maxRssKiB, cpuMs: result.cpuMs });
      entry.spentMs += result.wallMs;
      if (entry.findings !== null && entry.findings !== findings) throw new Error(`${command.label} reported ${findings} findings, earlier ${entry.findings}: not deterministic`);
      entry.findings = findings;
      onRun?.(command, result);
    }
  }
  return commands.map((command) => {
    const { samples, findings } = results.get(command);
    const walls = samples.map((sample) => sample.wallMs);
    return {
      command,
      runs: samples.length,
      wallMs: median(walls),
      minMs: Math.min(...walls),
      maxMs: Math.max(...walls),
      cpuMs: median(samples.map((sample) => sample.cpuMs)),
      rssMiB: median(samples.map((sample) => (sample.maxRssKiB === null ? null : sample.maxRssKiB / 1024))),
      findings,
    };
  });
}
