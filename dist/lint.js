// The library API: the exports of the bundle that also runs the command line.
import { createRequire } from 'node:module';
const bundle = createRequire(import.meta.url)('./dockerlint.cjs');
export const { formatCheckstyle, formatCompact, formatGithub, formatGitlab, formatJson, formatJunit, formatSarif, formatStylish, lint } = bundle;
