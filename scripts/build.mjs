// Builds dist/: our sources and their libraries bundled by esbuild into one CommonJS file, dockerlint.cjs,
// so a run loads one file instead of hundreds of modules (start-up is what a pre-commit hook feels), and
// the package has no dependencies to install. bin.js runs it through a code cache (src/code-cache.ts);
// lint.js, the package's ES module entry, re-exports its library API. The wasm files are copied from the
// dev dependencies, and the licences of everything bundled go to dist/THIRD-PARTY-NOTICES.md.
// First it generates src/generated/ (the precompiled Compose schema validator), which the sources import.
//
// Both outputs are committed, so that installing from a git or directory source (a pre-commit hook, `npm
// install -g <repo>`) needs no build and no dev dependencies; the build is deterministic, and a test fails
// when the committed files differ from a fresh build. Source maps (`--sourcemap`, for DOCKERLINT_DEBUG and
// `npm run bench -- --profile`) are neither committed nor packed: they are three times the size of the
// code, and every change rewrites them whole.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { generateComposeValidator } from './compose-validator.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);
const { values: options } = parseArgs({ options: { sourcemap: { type: 'boolean', default: false } } });

await generateComposeValidator(root);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// The code: one CommonJS bundle for the command line and the library. CommonJS, because on Node 20 only a
// script compiled through vm.Script can use a code cache across runs (src/code-cache.ts).
const common = {
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Module paths in the bundle (CommonJS wrappers name theirs) stay as seen from the project root, also
  // when node_modules is a link, as in the test that rebuilds a copy of the sources.
  preserveSymlinks: true,
  metafile: true,
  // Keeps `/*! … */` notices, among them the Compose Specification's on the generated validator.
  legalComments: 'inline',
  // Start-up: without comments and indentation the bundle is a third smaller, and pure ASCII (our comments
  // are not), so Node decodes it on its fast path into a one-byte string. Names stay, and the source
  // maps (with --sourcemap) lead back to src/.
  minifyWhitespace: true,
  charset: 'ascii',
  sourcemap: options.sourcemap,
  logLevel: 'warning',
};
const result = await build({
  ...common,
  entryPoints: { dockerlint: 'src/bundle.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // The sources and web-tree-sitter find their wasm files next to themselves, by import.meta.url.
  define: { 'import.meta.url': '__dockerlintBundleUrl' },
  banner: { js: 'var __dockerlintBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [
    {
      // sh-syntax declares `vendors/wasm_exec.js` a side effect but ships `wasm_exec.cjs`, the file that
      // defines globalThis.Go; unmarked, the bundler drops its import and the checker cannot start.
      name: 'sh-syntax-wasm-exec',
      setup(build) {
        build.onResolve({ filter: /\/vendors\/wasm_exec\.cjs$/ }, (args) => ({ path: path.join(args.resolveDir, args.path), sideEffects: true }));
      },
    },
    {
      // re2js's compiler looks up each literal character's case fold even when the expression does not
      // fold case, and the first lookup decodes its Unicode case table: compiling `^(.*/)?[^/]*\.log$`
      // took 7.4 ms, then 3.7 ms for each further such pattern; 3.9 and 0.8 ms without the lookups. A
      // .dockerignore wildcard is such a pattern. The fold matters only under the fold-case flag, so it
      // is looked up only then; the result is the same (clearing a flag that is not set changes nothing).
      name: 're2js-case-fold-on-demand',
      setup(build) {
        build.onLoad({ filter: /re2js\/build\/index\.js$/ }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          const unconditional = 'if (runes.length !== 1 || Unicode.simpleFold(runes[0]) === runes[0]) flags &= ~RE2Flags.FOLD_CASE;';
          if (!text.includes(unconditional)) throw new Error('re2js: the case-fold line to patch has changed; check the patch against the new version');
          return { contents: text.replace(unconditional, `if (flags === 0 || ${unconditional.slice('if ('.length)}`), loader: 'js' };
        });
      },
    },
    {
      // web-tree-sitter loads two built-in modules with import(), which a script compiled by vm.Script
      // cannot do (Node 20 asks for an experimental flag); process.getBuiltinModule (Node 20.16+) can.
      name: 'web-tree-sitter-builtins',
      setup(build) {
        build.onLoad({ filter: /web-tree-sitter\/web-tree-sitter\.js$/ }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          const patched = text.replace(/await import\("(fs\/promises|module)"\)/g, 'process.getBuiltinModule("$1")');
          if (patched.includes('import(')) throw new Error('web-tree-sitter: an import() is left that the bundle cannot run');
          return { contents: patched, loader: 'js' };
        });
      },
    },
  ],
});
const bundleFile = path.join(dist, 'dockerlint.cjs');
if (readFileSync(bundleFile, 'latin1').includes('import(')) throw new Error('dist/dockerlint.cjs calls import(), which fails in a script compiled by vm.Script');
const bundleHash = createHash('sha256').update(readFileSync(bundleFile)).digest('hex').slice(0, 16);

// bin.js: runs the bundle through the code cache; it knows the bundle's hash, part of the cache's key.
const binResult = await build({
  ...common,
  entryPoints: { bin: 'src/bin.ts' },
  format: 'esm',
  define: { DOCKERLINT_BUNDLE_HASH: JSON.stringify(bundleHash) },
});

// lint.js: the package's ES module entry, the bundle's exports but the command line's.
const COMMAND_LINE_ONLY = new Set(['main', 'hasLinted', '__esModule']);
const exported = Object.keys(require(bundleFile)).filter((name) => !COMMAND_LINE_ONLY.has(name)).sort();
writeFileSync(
  path.join(dist, 'lint.js'),
  `// The library API: the exports of the bundle that also runs the command line.\nimport { createRequire } from 'node:module';\nconst bundle = createRequire(import.meta.url)('./dockerlint.cjs');\nexport const { ${exported.join(', ')} } = bundle;\n`,
);

for (const file of [...Object.keys(result.metafile.outputs), ...Object.keys(binResult.metafile.outputs)]) {
  if (!/\.c?js$/.test(file)) continue;
  // A non-ASCII character anywhere (a legal comment, say) turns the whole chunk into a two-byte string.
  const offset = readFileSync(path.join(root, file)).findIndex((byte) => byte > 0x7f);
  if (offset >= 0) throw new Error(`${file} has a non-ASCII byte at offset ${offset}: it would load slower; escape it in the source`);
}

// Type declarations of the API: src/index.ts writes out every signature and takes its types from
// src/findings.ts alone, so each file's declarations come from that file, without a type-check
// (isolated declarations), and the two files are all an embedder's compiler needs.
for (const [source, target] of [['src/index.ts', 'lint.d.ts'], ['src/findings.ts', 'findings.d.ts']]) {
  const { outputText, diagnostics } = ts.transpileDeclaration(readFileSync(path.join(root, source), 'utf8'), {
    fileName: source,
    compilerOptions: { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, isolatedDeclarations: true },
    reportDiagnostics: true,
  });
  if (diagnostics?.length) throw new Error(`${source}: ${ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' })}`);
  writeFileSync(path.join(dist, target), outputText);
}

copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(dist, 'web-tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), path.join(dist, 'tree-sitter-bash.wasm'));
copyFileSync(require.resolve('sh-syntax/main.wasm'), path.join(dist, 'sh-syntax.wasm'));

/** The package directory of a bundled input path (`node_modules/@scope/name/…` → its root). */
function packageRoot(input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? match[1] : null;
}

// The copied wasm files count as bundled: tree-sitter-bash's grammar, and sh-syntax's build of mvdan/sh.
const copied = ['node_modules/tree-sitter-bash', 'node_modules/sh-syntax'];
const bundled = [...new Set([...Object.keys(result.metafile.inputs).map(packageRoot), ...copied].filter((dir) => dir !== null))].sort();
const notices = bundled.map((dir) => {
  const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
  const licenseFile = readdirSync(path.join(root, dir)).find((name) => /^(licen[cs]e|copying|notice)/i.test(name));
  const text = licenseFile ? readFileSync(path.join(root, dir, licenseFile), 'utf8').trim() : `License: ${manifest.license}`;
  return `## ${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}\n`;
});
writeFileSync(
  path.join(dist, 'THIRD-PARTY-NOTICES.md'),
  `# Third-party software bundled in dockerlint's dist/\n\n${notices.join('\n')}\n` +
    readFileSync(path.join(root, 'scripts', 'notices', 'sh-syntax-wasm.md'), 'utf8'),
);
