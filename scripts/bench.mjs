// `npm run bench`: dockerlint against its peers, as whole processes on the same inputs, with ratios and
// pass/fail targets. Method, targets and their reasons: docs/benchmark.md. Exit code: 0 every target met,
// 1 a target missed, 2 the benchmark itself failed (a tool did not run, bad options).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { copyReferenceSetup, copySmallRepo, copySubset, generateLargeRepo } from './bench/corpus.mjs';
import { measureAll, median, runNode, writeHelpers } from './bench/measure.mjs';
import { summarizeProfile } from './bench/profile.mjs';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(repoRoot, 'package.json'));

const USAGE = `Usage: npm run bench -- [options]

  --runs N          measured runs per command (default 7); the median is reported
  --warmups N       unmeasured runs per command first (default 1)
  --min-runs N      fewest runs of a slow command (default 3)
  --budget S        a command stops after min-runs once its runs took S seconds (default 40)
  --corpus NAME     small, reference, large, scaling or all (default all)
  --scale X         size of the large corpus relative to 200 compose files (default 1); the scaling
                    corpus is ten times that
  --seed N          seed of the large corpus (default 20240601)
  --profile         also profile dockerlint once on the large corpus (node --cpu-prof; kept in .bench/)
  --json FILE       also write the raw results as JSON
  --keep            keep the generated corpora (their path is printed)
`;

// ─── Targets ────────────────────────────────────────────────────────────────────────────────────
// Issue 13's targets, justified in docs/benchmark.md. Ratios are judged against peers measured in the
// same run, so a busy machine slows both sides alike.
const TARGETS = {
  /** One small Dockerfile: dockerlint's wall time at most dockerfilelint's. */
  smallVsDockerfilelint: 1,
  /** The reference setup: at most twice the Node start-up floor. */
  referenceVsFloor: 2,
  /** The compose files alone: at most this share of dclint's wall time on them. */
  composeVsDclint: 0.05,
  /** The Dockerfiles alone: per Dockerfile at most this many times dockerfilelint's. */
  perDockerfileVsDockerfilelint: 1.5,
  /** Peak RSS on the whole large repository. */
  largeRssMiB: 100,
  /** Time and RSS per file at ten times the large repository, within this share of those at one time. */
  scalingSpread: 0.2,
};

const CORPORA = ['small', 'reference', 'large', 'scaling'];

function parseOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      warmups: { type: 'string', default: '1' },
      'min-runs': { type: 'string', default: '3' },
      budget: { type: 'string', default: '40' },
      corpus: { type: 'string', default: 'all' },
      scale: { type: 'string', default: '1' },
      seed: { type: 'string', default: '20240601' },
      profile: { type: 'boolean', default: false },
      json: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const count = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} expects an integer ≥ ${min}, got '${values[name]}'`);
    return value;
  };
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 10)) throw new Error(`--scale expects a number in (0, 10], got '${values.scale}'`);
  if (![...CORPORA, 'all'].includes(values.corpus)) throw new Error(`--corpus expects ${CORPORA.join(', ')} or all, got '${values.corpus}'`);
  const runs = count('runs', 1);
  return {
    help: values.help,
    runs,
    warmups: count('warmups', 0),
    minRuns: Math.min(count('min-runs', 1), runs),
    budgetMs: count('budget', 0) * 1000,
    corpora: values.corpus === 'all' ? CORPORA : [values.corpus],
    scale,
    seed: count('seed', 0),
    profile: values.profile,
    json: values.json,
    keep: values.keep,
  };
}

// ─── The tools, each as `node <args>` with a check that it ran ──────────────────────────────────

function tools(helpers, ruleIds) {
  const dockerlintBin = path.join(repoRoot, 'dist', 'bin.js');
  const dclintBin = path.join(path.dirname(require.resolve('dclint/package.json')), 'bin', 'dclint.cjs');
  const dockerfilelintBin = path.join(path.dirname(require.resolve('dockerfilelint/package.json')), 'bin', 'dockerfilelint');
  const dockerfileUtils = require.resolve('dockerfile-utils');
  const json = (result) => {
    try {
      return JSON.parse(result.stdout);
    } catch {
      throw new Error(`output is not JSON: ${result.stdout.slice(0, 300)}`);
    }
  };
  /**
   * A floor program run on `files` (after its own `args`). It reports how many files it read and its
   * `count`, and, when it has it, the time from loading its parser to its last parse (`loadAndParseMs`,
   * kept per run).
   */
  const parserFloor = (cwd, files, count, args) => ({
    cwd,
    files: files.length,
    args: [...args, ...files],
    loadAndParseMs: [],
    check(result) {
      if (result.exitCode !== 0) throw new Error(`exit code ${result.exitCode}`);
      const report = json(result);
      if (report.files !== files.length) throw new Error(`parsed ${report.files} files of ${files.length}`);
      if (report.loadAndParseMs !== undefined) this.loadAndParseMs.push(report.loadAndParseMs);
      return report[count];
    },
  });
  return {
    floor: (cwd) => ({ label: 'node -e 0', input: 'Node start-up floor', checks: 'nothing', cwd, files: 0, args: ['-e', '0'], check: () => 0 }),
    // What every lint run sits on: loading dockerlint, and its parsers alone (docs/benchmark.md, "Floors").
    loadFloor: (cwd) => ({
      label: 'dockerlint --version',
      input: 'Node and loading dockerlint',
      checks: 'nothing: it loads the bundle through the code cache and prints its version (its count is 0)',
      cwd,
      files: 0,
      args: [dockerlintBin, '--version'],
      check: (result) => {
        if (result.exitCode !== 0) throw new Error(`exit code ${result.exitCode}`);
        return 0;
      },
    }),
    shellGrammarFloor: (cwd, dockerfiles) => ({
      ...parserFloor(cwd, dockerfiles, 'commands', [helpers.shellGrammarFloor, require.resolve('web-tree-sitter'), path.join(repoRoot, 'dist', 'web-tree-sitter.wasm'), path.join(repoRoot, 'dist', 'tree-sitter-bash.wasm')]),
      label: 'tree-sitter-bash alone',
      input: "the Dockerfiles' RUN lines",
      checks: 'nothing: it loads the bash grammar dockerlint ships and parses each RUN instruction (its count is the commands parsed)',
    }),
    dockerfileAstFloor: (cwd, dockerfiles) => ({
      ...parserFloor(cwd, dockerfiles, 'instructions', [helpers.dockerfileAstFloor, require.resolve('dockerfile-ast')]),
      label: 'dockerfile-ast alone',
      input: 'the Dockerfiles',
      checks: "nothing: it parses each Dockerfile with dockerfile-ast and reads every instruction's arguments (its count is the instructions)",
    }),
    yamlFloor: (cwd, composeFiles) => ({
      ...parserFloor(cwd, composeFiles, 'documents', [helpers.yamlFloor, require.resolve('yaml')]),
      label: 'yaml alone',
      input: 'the compose files',
      checks: 'nothing: it parses and composes each compose file with yaml, merge keys on, as dockerlint does (its count is the documents without errors)',
    }),
    dockerlint: (cwd, input, files) => ({
      label: 'dockerlint',
      input,
      checks: `every rule on this branch (${[...ruleIds].join(', ')}) over compose files, Dockerfiles, .dockerignore files, scripts and env files, as one project`,
      cwd,
      files,
      args: [dockerlintBin, '--format', 'json'],
      findingsByRule: new Map(),
      // Exit 1 means findings; 2 is a usage, config or internal error.
      check(result) {
        if (result.exitCode !== 0 && result.exitCode !== 1) throw new Error(`exit code ${result.exitCode}`);
        const { findings } = json(result);
        this.findingsByRule = new Map();
        for (const finding of findings) this.findingsByRule.set(finding.rule, (this.findingsByRule.get(finding.rule) ?? 0) + 1);
        return findings.length;
      },
    }),
    dclint: (cwd, composeFiles) => ({
      label: 'dclint',
      input: 'the compose files',
      checks: 'compose files only: YAML, the Compose schema, 15 style and safety rules, file by file',
      cwd,
      files: composeFiles.length,
      args: [dclintBin, '--formatter', 'json', ...composeFiles],
      check: (result) => json(result).reduce((sum, file) => sum + file.messages.length, 0),
    }),
    dockerfilelint: (cwd, dockerfiles) => ({
      label: 'dockerfilelint',
      input: 'the Dockerfiles',
      checks: 'Dockerfiles only: instruction-level best practice by regular expressions, file by file',
      cwd,
      files: dockerfiles.length,
      args: [dockerfilelintBin, '--json', ...dockerfiles],
      // Its exit code is the issue count modulo 256, so only the report tells success.
      check: (result) => {
        const report = json(result);
        if (report.files.length !== dockerfiles.length) throw new Error(`reported ${report.files.length} files of ${dockerfiles.length}`);
        return report.totalIssues;
      },
    }),
    dockerfileUtils: (cwd, dockerfiles) => ({
      label: 'dockerfile-utils validate()',
      input: 'the Dockerfiles',
      checks: 'Dockerfiles only: syntax and instruction arguments (no best practice), file by file',
      cwd,
      files: dockerfiles.length,
      args: [helpers.dockerfileUtilsRunner, dockerfileUtils, ...dockerfiles],
      check: (result) => {
        if (result.exitCode !== 0) throw new Error(`exit code ${result.exitCode}`);
        const report = json(result);
        if (report.files !== dockerfiles.length) throw new Error(`validated ${report.files} files of ${dockerfiles.length}`);
        return report.diagnostics;
      },
    }),
  };
}

/** What dockerlint reads in a tree, from its own API (not timed): documents by kind and services. */
async function inventory(lint, cwd) {
  const result = await lint({ cwd });
  const project = result.projects[0]?.project;
  if (!project) throw new Error(`dockerlint found no project in ${cwd}`);
  const paths = (docs) => docs.map((doc) => doc.source.path).sort();
  return {
    compose: paths(project.composeFiles),
    dockerfiles: paths(project.dockerfiles),
    dockerignores: project.dockerignores.length,
    scripts: project.scripts.length,
    envFiles: project.envFiles.length,
    documents: project.documents.length,
    services: project.services.length,
    findings: result.findings.length,
  };
}

// ─── Output ─────────────────────────────────────────────────────────────────────────────────────

const ms = (value) => (value === null ? '?' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);
const mib = (value) => (value === null ? '?' : `${value.toFixed(0)} MiB`);
const perFile = (row) => (row.command.files > 0 ? `${(row.wallMs / row.command.files).toFixed(2)} ms` : '–');
const ratio = (value) => (value >= 0.1 ? value.toFixed(2) : value.toPrecision(2));

function table(rows) {
  const lines = [
    '| tool | input | files | runs | median wall | min–max | CPU | peak RSS | wall per file | findings | dockerlint ÷ tool, wall |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const { command } = row;
    // A peer is compared with the dockerlint row on the same files (the large corpus), or with
    // dockerlint on the whole reference setup, which is what a pre-commit hook would run.
    const own = rows.find((other) => other.command === command.comparedWith);
    const versus = own === undefined ? '–' : ratio(own.wallMs / row.wallMs);
    lines.push(
      `| ${command.label} | ${command.input} | ${command.files || '–'} | ${row.runs} | ${ms(row.wallMs)} | ${ms(row.minMs)}–${ms(row.maxMs)} | ${ms(row.cpuMs)} | ${mib(row.rssMiB)} | ${perFile(row)} | ${command.label === 'node -e 0' ? '–' : row.findings} | ${versus} |`,
    );
  }
  return lines.join('\n');
}

/** What each tool checked, and what dockerlint found by rule: evidence that every tool did its work. */
function legend(rows) {
  const lines = [];
  const seen = new Set();
  for (const { command } of rows) {
    if (command.label === 'node -e 0' || seen.has(command.label)) continue;
    seen.add(command.label);
    lines.push(`- ${command.label} checks ${command.checks}.`);
  }
  for (const { command } of rows) {
    if (!command.findingsByRule) continue;
    const counts = [...command.findingsByRule].sort((a, b) => b[1] - a[1]).map(([rule, count]) => `${rule} ${count}`);
    lines.push(`- dockerlint findings on ${command.input}: ${counts.length > 0 ? counts.join(', ') : 'none'}.`);
  }
  return lines.join('\n');
}

function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const describe = (files) =>
  `${plural(files.compose.length, 'compose file')} with ${plural(files.services, 'service')}, ${plural(files.dockerfiles.length, 'Dockerfile')}, ` +
  `${plural(files.dockerignores, '.dockerignore file')}, ${plural(files.scripts, 'shell script')}, ${plural(files.envFiles, 'env file')}`;

const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' / ');

/**
 * The least a run that lints a Dockerfile can take with dockerlint's present code and parsers: the
 * whole of `dockerlint --version` (Node's start-up and loading dockerlint), plus loading the bash
 * grammar and parsing the RUN lines as measured inside the grammar floor's process (its Node start-up
 * and its loading of web-tree-sitter's JavaScript, which dockerlint's bundle holds, are not counted).
 */
function startUpFloor(loadFloor, grammarFloor) {
  const grammarMs = median(grammarFloor.command.loadAndParseMs);
  return {
    text: `start-up floor (\`dockerlint --version\`, ${ms(loadFloor.wallMs)}, plus loading the bash grammar and parsing the RUN lines, ${ms(grammarMs)})`,
    wallMs: loadFloor.wallMs + grammarMs,
  };
}


// ─── Main ───────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const options = parseOptions();
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const dist = path.join(repoRoot, 'dist', 'lint.js');
  if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run bench` (it builds first) or `npm run build`');
  const { lint } = await import(pathToFileURL(dist).href);
  const knownRuleIds = builtRuleIds();

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-bench-'));
  try {
    return await benchmark(options, scratch, lint, knownRuleIds);
  } finally {
    if (options.keep) process.stdout.write(`\nCorpora kept in ${scratch}\n`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

/** The ids of the built dockerlint's rules: the first column of `--list-rules` (the API does not export the rules). */
function builtRuleIds() {
  const listing = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'bin.js'), '--list-rules'], { encoding: 'utf8' });
  return new Set(listing.split('\n').slice(1).filter((line) => /^[a-z]/.test(line)).map((line) => line.split(' ')[0]));
}

/** Builds the corpora in `scratch`, measures, prints the report; resolves to the exit code. */
async function benchmark(options, scratch, lint, knownRuleIds) {
  const helpers = writeHelpers(scratch);
  const usageFile = path.join(scratch, 'usage.json');
  const tool = tools(helpers, knownRuleIds);
  const out = (text = '') => process.stdout.write(`${text}\n`);
  const loadAtStart = os.loadavg()[0];

  out('# dockerlint benchmark');
  out();
  out(`Machine: ${machine()}`);
  out(`Load average (1/5/15 min) at start: ${load()}`);
  out(`Runs: median of ${options.runs} after ${options.warmups} warm-up, interleaved; a command stops after ${options.minRuns} runs once its runs took ${options.budgetMs / 1000} s.`);
  out('Wall: spawn to exit, measured by the parent. Peak RSS and CPU: the child\'s own process.resourceUsage() at exit, via a preloaded probe.');
  if (loadAtStart > os.cpus().length / 2) {
    out(`Warning: the machine is busy (load ${loadAtStart.toFixed(1)} on ${os.cpus().length} cores); absolute times are inflated, ratios less so (runs are interleaved).`);
  }
  out();

  const measureOptions = { warmups: options.warmups, runs: options.runs, minRuns: options.minRuns, budgetMs: options.budgetMs, probe: helpers.probe, usageFile };
  const progress = { onRun: () => process.stderr.write('.') };
  const verdicts = [];
  const report = { machine: machine(), options, corpora: {} };
  const judge = (name, met, detail) => verdicts.push({ name, met, detail });
  const dropNote = (dropped) => {
    if (dropped.length > 0) out(`Rules not on this branch yet, removed from the corpus config: ${dropped.join(', ')}.`);
  };
  let largeRoot = null;

  if (options.corpora.includes('small')) {
    const root = path.join(scratch, 'small');
    copySmallRepo(repoRoot, root);
    const files = await inventory(lint, root);
    const own = tool.dockerlint(root, 'one-service repository', files.documents);
    const commands = [
      tool.floor(root),
      own,
      { ...tool.dockerfilelint(root, files.dockerfiles), comparedWith: own },
      { ...tool.dockerfileUtils(root, files.dockerfiles), comparedWith: own },
      tool.loadFloor(root),
      tool.shellGrammarFloor(root, files.dockerfiles),
    ];
    const rows = await measureAll(commands, { ...measureOptions, ...progress });
    process.stderr.write('\n');
    const [floor, dockerlint, dockerfilelint, , loadFloor, grammarFloor] = rows;
    out('## One small Dockerfile (pre-commit on a one-service repository)');
    out();
    out(`The reference setup's API service alone at the root of a checkout; dockerlint lints ${files.documents} files: ${describe(files)}.`);
    out();
    out(table(rows));
    out();
    out(legend(rows));
    out();
    out(`- dockerlint / dockerfilelint on the same Dockerfile: ${ratio(dockerlint.wallMs / dockerfilelint.wallMs)} wall, ${ratio(dockerlint.rssMiB / dockerfilelint.rssMiB)} RSS`);
    out(`- dockerlint above the Node floor: ${ms(dockerlint.wallMs - floor.wallMs)} wall, ${mib(dockerlint.rssMiB - floor.rssMiB)} RSS`);
    const startFloor = startUpFloor(loadFloor, grammarFloor);
    out(`- ${startFloor.text}: ${ms(startFloor.wallMs)}, ${ratio(startFloor.wallMs / dockerfilelint.wallMs)}× dockerfilelint`);
    out();
    judge(
      `one small Dockerfile: dockerlint ≤ ${TARGETS.smallVsDockerfilelint}× dockerfilelint's wall time`,
      dockerlint.wallMs <= TARGETS.smallVsDockerfilelint * dockerfilelint.wallMs,
      `${ratio(dockerlint.wallMs / dockerfilelint.wallMs)}× (the start-up floor alone: ${ratio(startFloor.wallMs / dockerfilelint.wallMs)}×)`,
    );
    report.corpora.small = { files, rows: rows.map(({ command, ...row }) => ({ tool: command.label, input: command.input, files: command.files, ...row })) };
  }

  if (options.corpora.includes('reference')) {
    const root = path.join(scratch, 'reference');
    const { dropped } = copyReferenceSetup(repoRoot, root, knownRuleIds);
    const files = await inventory(lint, root);
    const own = tool.dockerlint(root, 'whole reference setup', files.documents);
    const commands = [
      tool.floor(root),
      own,
      { ...tool.dclint(root, files.compose), comparedWith: own },
      { ...tool.dockerfilelint(root, files.dockerfiles), comparedWith: own },
      { ...tool.dockerfileUtils(root, files.dockerfiles), comparedWith: own },
      tool.loadFloor(root),
      tool.shellGrammarFloor(root, files.dockerfiles),
    ];
    const rows = await measureAll(commands, { ...measureOptions, ...progress });
    process.stderr.write('\n');
    const [floor, dockerlint, dclint, dockerfilelint, , loadFloor, grammarFloor] = rows;
    out('## Reference setup (pre-commit size)');
    out();
    out(`This repository's backend/, docker-compose.yml, .env and .dockerlintrc.json; dockerlint lints ${files.documents} files: ${describe(files)}.`);
    dropNote(dropped);
    out();
    out(table(rows));
    out();
    out(legend(rows));
    out();
    out(`- dockerlint / dclint (dclint checks only docker-compose.yml): ${ratio(dockerlint.wallMs / dclint.wallMs)} wall, ${ratio(dockerlint.rssMiB / dclint.rssMiB)} RSS`);
    out(`- dockerlint / dockerfilelint (dockerfilelint checks only the Dockerfiles): ${ratio(dockerlint.wallMs / dockerfilelint.wallMs)} wall, ${ratio(dockerlint.rssMiB / dockerfilelint.rssMiB)} RSS`);
    out(`- dockerlint above the Node floor: ${ms(dockerlint.wallMs - floor.wallMs)} wall, ${mib(dockerlint.rssMiB - floor.rssMiB)} RSS`);
    const startFloor = startUpFloor(loadFloor, grammarFloor);
    out(`- ${startFloor.text}: ${ms(startFloor.wallMs)}, ${ratio(startFloor.wallMs / floor.wallMs)}× the Node floor`);
    out();
    judge(
      `reference setup: dockerlint ≤ ${TARGETS.referenceVsFloor}× the Node floor's wall time`,
      dockerlint.wallMs <= TARGETS.referenceVsFloor * floor.wallMs,
      `${ratio(dockerlint.wallMs / floor.wallMs)}× (the start-up floor alone: ${ratio(startFloor.wallMs / floor.wallMs)}×)`,
    );
    report.corpora.reference = { files, rows: rows.map(({ command, ...row }) => ({ tool: command.label, input: command.input, files: command.files, ...row })) };
  }

  if (options.corpora.includes('large')) {
    const root = path.join(scratch, 'large');
    largeRoot = root;
    const composeCount = Math.max(2, Math.round(200 * options.scale));
    const started = Date.now();
    const { dropped } = generateLargeRepo(root, {
      seed: options.seed,
      composeFiles: composeCount,
      serviceCount: Math.round(1000 * options.scale),
      dockerfileCount: Math.max(composeCount + 3, Math.round(500 * options.scale)),
      knownRuleIds,
    });
    const files = await inventory(lint, root);
    // The same compose files and Dockerfiles alone, so dockerlint can be timed on exactly a peer's input.
    const composeOnly = path.join(scratch, 'large-compose-only');
    const dockerfilesOnly = path.join(scratch, 'large-dockerfiles-only');
    copySubset(root, composeOnly, files.compose);
    copySubset(root, dockerfilesOnly, files.dockerfiles);
    const allFiles = readdirSync(root, { recursive: true }).filter((entry) => !entry.startsWith('.git/') && entry !== '.git').length;
    process.stderr.write(`large corpus generated in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    const ownCompose = tool.dockerlint(composeOnly, 'the compose files alone', files.compose.length);
    const ownDockerfiles = tool.dockerlint(dockerfilesOnly, 'the Dockerfiles alone', files.dockerfiles.length);
    const commands = [
      tool.floor(root),
      tool.dockerlint(root, 'whole repo', files.documents),
      ownCompose,
      ownDockerfiles,
      { ...tool.dclint(root, files.compose), comparedWith: ownCompose },
      { ...tool.dockerfilelint(root, files.dockerfiles), comparedWith: ownDockerfiles },
      { ...tool.dockerfileUtils(root, files.dockerfiles), comparedWith: ownDockerfiles },
      tool.yamlFloor(root, files.compose),
      tool.dockerfileAstFloor(root, files.dockerfiles),
      tool.shellGrammarFloor(root, files.dockerfiles),
    ];
    const rows = await measureAll(commands, { ...measureOptions, ...progress });
    process.stderr.write('\n');
    const [, whole, composeAlone, dockerfilesAlone, dclint, dockerfilelint, dockerfileUtils, yamlFloor, dockerfileAstFloor, grammarFloor] = rows;
    out('## Large repository');
    out();
    out(`Generated from seed ${options.seed}; dockerlint lints ${files.documents} files: ${describe(files)} (multi-stage Dockerfiles; ${allFiles} files and directories in all, with sources and manifests).`);
    dropNote(dropped);
    out();
    out(table(rows));
    out();
    out(legend(rows));
    out();
    const perDockerfile = (row) => row.wallMs / files.dockerfiles.length;
    out(`- dockerlint (whole repo) / dclint (its ${files.compose.length} compose files only): ${ratio(whole.wallMs / dclint.wallMs)} wall (${(dclint.wallMs / whole.wallMs).toFixed(1)}× faster), ${ratio(whole.rssMiB / dclint.rssMiB)} RSS`);
    out(`- dockerlint / dclint, the same compose files alone: ${ratio(composeAlone.wallMs / dclint.wallMs)} wall (${(dclint.wallMs / composeAlone.wallMs).toFixed(1)}× faster), ${ratio(composeAlone.rssMiB / dclint.rssMiB)} RSS`);
    out(`- dockerlint / dockerfilelint per Dockerfile, the same Dockerfiles alone: ${ratio(perDockerfile(dockerfilesAlone) / perDockerfile(dockerfilelint))} (${perDockerfile(dockerfilesAlone).toFixed(2)} vs ${perDockerfile(dockerfilelint).toFixed(2)} ms)`);
    out(`- dockerlint / dockerfile-utils per Dockerfile, the same Dockerfiles alone: ${ratio(perDockerfile(dockerfilesAlone) / perDockerfile(dockerfileUtils))} (${perDockerfile(dockerfilesAlone).toFixed(2)} vs ${perDockerfile(dockerfileUtils).toFixed(2)} ms)`);
    out(`- dockerlint (whole repo) / (dclint + dockerfilelint, which together see only compose files and Dockerfiles): ${ratio(whole.wallMs / (dclint.wallMs + dockerfilelint.wallMs))} wall`);
    out();
    // Both parsers in one process: dockerfile-ast's whole run plus the grammar's load and parses as
    // measured inside its own process (Node's start-up counted once).
    const parsersFloorMs = dockerfileAstFloor.wallMs + median(grammarFloor.command.loadAndParseMs);
    out(`- yaml alone on the compose files: ${ratio(yamlFloor.wallMs / dclint.wallMs)}× dclint`);
    out(
      `- parser floor per Dockerfile (dockerfile-ast alone, ${ms(dockerfileAstFloor.wallMs)}, plus loading the bash grammar and parsing the RUN lines, ${ms(median(grammarFloor.command.loadAndParseMs))}): ` +
        `${(parsersFloorMs / files.dockerfiles.length).toFixed(2)} ms, ${ratio(parsersFloorMs / files.dockerfiles.length / perDockerfile(dockerfilelint))}× dockerfilelint`,
    );
    out();
    judge(
      `large repo: dockerlint on the compose files alone ≤ ${TARGETS.composeVsDclint}× dclint's wall time on them`,
      composeAlone.wallMs <= TARGETS.composeVsDclint * dclint.wallMs,
      `${ratio(composeAlone.wallMs / dclint.wallMs)}× (yaml alone: ${ratio(yamlFloor.wallMs / dclint.wallMs)}×)`,
    );
    judge(
      `large repo: dockerlint per Dockerfile ≤ ${TARGETS.perDockerfileVsDockerfilelint}× dockerfilelint's on the same Dockerfiles`,
      perDockerfile(dockerfilesAlone) <= TARGETS.perDockerfileVsDockerfilelint * perDockerfile(dockerfilelint),
      `${ratio(perDockerfile(dockerfilesAlone) / perDockerfile(dockerfilelint))}× (the parser floor alone: ${ratio(parsersFloorMs / files.dockerfiles.length / perDockerfile(dockerfilelint))}×)`,
    );
    judge(`large repo: dockerlint's peak RSS on the whole repo ≤ ${TARGETS.largeRssMiB} MiB`, whole.rssMiB !== null && whole.rssMiB <= TARGETS.largeRssMiB, mib(whole.rssMiB));
    report.corpora.large = { files: { ...files, compose: files.compose.length, dockerfiles: files.dockerfiles.length, allEntries: allFiles }, rows: rows.map(({ command, ...row }) => ({ tool: command.label, input: command.input, files: command.files, ...row })) };
  }

  if (options.corpora.includes('scaling')) {
    // The same generator at one and at ten times the large repository's size, dockerlint alone.
    const generate = (name, factor) => {
      const root = path.join(scratch, name);
      const composeCount = Math.max(2, Math.round(200 * factor));
      generateLargeRepo(root, {
        seed: options.seed,
        composeFiles: composeCount,
        serviceCount: Math.round(1000 * factor),
        dockerfileCount: Math.max(composeCount + 3, Math.round(500 * factor)),
        knownRuleIds,
      });
      return root;
    };
    const started = Date.now();
    const smallRoot = largeRoot ?? generate('scaling-x1', options.scale);
    const bigRoot = generate('scaling-x10', options.scale * 10);
    const [one, ten] = [await inventory(lint, smallRoot), await inventory(lint, bigRoot)];
    process.stderr.write(`scaling corpora generated in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const commands = [tool.floor(smallRoot), tool.dockerlint(smallRoot, 'large repo ×1', one.documents), tool.dockerlint(bigRoot, 'large repo ×10', ten.documents)];
    const rows = await measureAll(commands, { ...measureOptions, ...progress });
    process.stderr.write('\n');
    const [floor, atOne, atTen] = rows;
    // Per file above the Node floor: start-up is paid once, whatever the size.
    const perFileMs = (row) => (row.wallMs - floor.wallMs) / row.command.files;
    const perFileKiB = (row) => ((row.rssMiB - floor.rssMiB) * 1024) / row.command.files;
    out('## Scaling: the large repository at one and ten times its size');
    out();
    out(`×1: ${describe(one)}. ×10: ${describe(ten)}.`);
    out();
    out(table(rows));
    out();
    out('| size | files | wall per file above the floor | peak RSS per file above the floor |');
    out('| --- | ---: | ---: | ---: |');
    for (const row of [atOne, atTen]) out(`| ${row.command.input} | ${row.command.files} | ${perFileMs(row).toFixed(2)} ms | ${perFileKiB(row).toFixed(1)} KiB |`);
    out();
    const timeRatio = perFileMs(atTen) / perFileMs(atOne);
    const rssRatio = perFileKiB(atTen) / perFileKiB(atOne);
    const flat = (value) => Math.abs(value - 1) <= TARGETS.scalingSpread;
    judge(`scaling: wall per file at ×10 within ±${TARGETS.scalingSpread * 100} % of ×1`, flat(timeRatio), `${ratio(timeRatio)}×`);
    judge(`scaling: peak RSS per file at ×10 within ±${TARGETS.scalingSpread * 100} % of ×1`, atOne.rssMiB !== null && atTen.rssMiB !== null && flat(rssRatio), `${ratio(rssRatio)}×`);
    report.corpora.scaling = { files: { one: one.documents, ten: ten.documents }, rows: rows.map(({ command, ...row }) => ({ tool: command.label, input: command.input, files: command.files, ...row })) };
  }

  out('## Targets');
  out();
  for (const verdict of verdicts) out(`- ${verdict.met ? 'met   ' : 'MISSED'}  ${verdict.name}: ${verdict.detail}`);
  out();
  out(`Load average at end: ${load()}`);

  if (options.profile && largeRoot !== null) {
    const profileDir = path.join(repoRoot, '.bench', 'profile');
    const profiledRun = () => {
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
      return runNode(['--cpu-prof', '--cpu-prof-dir', profileDir, path.join(repoRoot, 'dist', 'bin.js'), '--format', 'json'], { cwd: largeRoot, probe: helpers.probe, usageFile });
    };
    // Node's options are part of the code cache's key, so the first profiled run compiles the bundle and
    // writes a cache of its own; the second is profiled as a user's later runs go.
    await profiledRun();
    const result = await profiledRun();
    const profileFile = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (result.exitCode > 1 || profileFile === undefined) throw new Error(`profiling run failed (exit ${result.exitCode}): ${result.stderr.slice(0, 500)}`);
    const summary = summarizeProfile(path.join(profileDir, profileFile));
    out();
    out(`## Profile: dockerlint on the large repo (${ms(summary.totalMs)} sampled; .bench/profile/${profileFile})`);
    out();
    out('| self time | share | function |');
    out('| ---: | ---: | --- |');
    for (const entry of summary.functions) out(`| ${ms(entry.ms)} | ${(entry.share * 100).toFixed(1)} % | ${entry.name} |`);
    out();
    out('| self time | share | by package |');
    out('| ---: | ---: | --- |');
    for (const entry of summary.owners) out(`| ${ms(entry.ms)} | ${(entry.share * 100).toFixed(1)} % | ${entry.name} |`);
    out();
    out('| inclusive time | share | dockerlint function (synchronous call stacks only) |');
    out('| ---: | ---: | --- |');
    for (const entry of summary.inclusive) out(`| ${ms(entry.ms)} | ${(entry.share * 100).toFixed(1)} % | ${entry.name} |`);
    report.profile = summary;
  }

  if (options.json) writeFileSync(path.resolve(options.json), `${JSON.stringify(report, null, 2)}\n`);
  return verdicts.every((verdict) => verdict.met) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
