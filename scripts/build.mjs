// Builds dist/: our sources bundled by esbuild (dependencies stay external), plus the bash grammar's
// wasm copied from its dev dependency so the published package does not need tree-sitter-bash.
// First it generates src/generated/ (the precompiled Compose schema validator), which the sources import.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateComposeValidator } from './compose-validator.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);

await generateComposeValidator(root);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { bin: 'src/bin.ts', lint: 'src/lint.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  // Chunks sit beside the wasm files, which the shell module looks for next to itself.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});

copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), path.join(dist, 'tree-sitter-bash.wasm'));
