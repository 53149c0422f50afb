/**
 * Where the docs are, computed here only. With a `homepage` in package.json, the page under it;
 * without one (none is published yet), the page shipped inside the installed package: docs/ is in the
 * package's files, next to dist/ and src/ (both one directory below the package root, as this module is).
 */
import { readFileSync } from 'node:fs';
import packageJson from '../package.json' with { type: 'json' };

const homepage: string | undefined = (packageJson as { homepage?: string }).homepage;

/** The URL of a page of the package, given relative to its root (`README.md`, `docs/rules/x.md`). */
export function packageDocsUrl(page: string): string {
  if (homepage !== undefined && homepage !== '') return `${homepage.replace(/\/+$/, '')}/${page}`;
  return new URL(`../${page}`, import.meta.url).href;
}

export function ruleDocsUrl(ruleId: string): string {
  return packageDocsUrl(`docs/rules/${ruleId}.md`);
}

/** The Markdown of a rule's docs page as shipped, or null when it has none. */
export function readRuleDocs(ruleId: string): string | null {
  try {
    return readFileSync(new URL(`../docs/rules/${ruleId}.md`, import.meta.url), 'utf8');
  } catch {
    return null;
  }
}
