// Regenerates what is derived from rule metadata: the README rules table, the config JSON Schema and
// docs/compat.md (what each hadolint, BuildKit and dclint check maps to).
// Runs on the built package (npm run build first); a test fails when the committed files drift.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compatPage, configSchema, rules, withRulesTable } from '../dist/lint.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const readmePath = path.join(root, 'README.md');
writeFileSync(readmePath, withRulesTable(readFileSync(readmePath, 'utf8'), rules));
mkdirSync(path.join(root, 'schema'), { recursive: true });
writeFileSync(path.join(root, 'schema', 'dockerlintrc.schema.json'), `${JSON.stringify(configSchema(rules), null, 2)}\n`);
writeFileSync(path.join(root, 'docs', 'compat.md'), compatPage(rules));
