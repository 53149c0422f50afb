/**
 * What `npm run docs` generates files from, bundled on the fly by scripts/docs.mjs: the rules and the
 * generators of the README table, the config schema, the docs page headers and docs/compat.md. Not part of the package.
 */
export { rules } from './rules/index.js';
export { configSchema } from './config/schema.js';
export { withRulesTable } from './rules-table.js';
export { withRuleDocsHeader } from './rule-docs.js';
export { compatPage } from './compat.js';
