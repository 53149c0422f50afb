/**
 * Where a rule's docs page is, computed here only. With a `homepage` in package.json, the page under it;
 * without one (none is published yet), the page shipped inside the installed package: docs/ is in the
 * package's files, next to dist/ and src/ (both one directory below the package root).
 */
import packageJson from '../package.json' with { type: 'json' };

const homepage: string | undefined = (packageJson as { homepage?: string }).homepage;

export function ruleDocsUrl(ruleId: string): string {
  const page = `docs/rules/${ruleId}.md`;
  if (homepage !== undefined && homepage !== '') return `${homepage.replace(/\/+$/, '')}/${page}`;
  return new URL(`../${page}`, import.meta.url).href;
}
