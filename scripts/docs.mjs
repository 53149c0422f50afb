// Regenerates what is derived from rule metadata: the README rules table, the config JSON Schema and the
// header of every rule's docs page, docs/compat.md (what each hadolint, BuildKit and dclint check maps to)
// and the header of every rule's docs page (docs/rules/<id>.md; a page of the older, all hand-written form is
// converted). The sources are bundled to a temporary module first: these generators are build-time
// internals, not part of the package. A test fails when the committed files drift.
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const scratch = mkdtempSync(path.join(tmpdir(), 'dockerlint-docs-'));
try {
  const outfile = path.join(scratch, 'build-time.mjs');
  await build({ absWorkingDir: root, entryPoints: ['src/build-time.ts'], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning', banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
  const { compatPage, configSchema, rules, withRuleDocsHeader, withRulesTable } = await import(pathToFileURL(outfile).href);

  const readmePath = path.join(root, 'README.md');
  writeFileSync(readmePath, withRulesTable(readFileSync(readmePath, 'utf8'), rules));
  mkdirSync(path.join(root, 'schema'), { recursive: true });
  writeFileSync(path.join(root, 'schema', 'dockerlintrc.schema.json'), `${JSON.stringify(configSchema(rules), null, 2)}\n`);
  writeFileSync(path.join(root, 'docs', 'compat.md'), compatPage(rules));
  for (const rule of rules) {
    const page = path.join(root, 'docs', 'rules', `${rule.id}.md`);
    // A missing page is the rule author's to write (test/docs.test.ts says so); it is not made up here.
    if (existsSync(page)) writeFileSync(page, withRuleDocsHeader(readFileSync(page, 'utf8'), rule));
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
