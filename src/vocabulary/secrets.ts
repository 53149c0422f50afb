/**
 * What looks like a secret: variable names (BuildKit's SecretsUsedInArgOrEnv tokens) and values in the
 * formats of well-known credentials. Names are judged by whole `_`-separated words, so `TOKENIZER_PATH`
 * and `KEYBOARD` are not secrets but `GITHUB_TOKEN` and `api_key` are.
 */

const SECRET_WORDS = new Set(['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token']);
/** Words that say the variable holds something public or a reference to a secret, not the secret itself. */
const NOT_SECRET_WORDS = new Set(['public', 'file', 'version', 'path', 'dir', 'url', 'gpg', 'pgp', 'fingerprint']);

const words = (name: string): string[] => name.toLowerCase().split('_');

/** Does the name say it holds a secret (`NPM_TOKEN`, `DB_PASSWORD`), and not a public or file value (`PUBLIC_KEY`, `PASSWORD_FILE`)? */
export function isSecretName(name: string): boolean {
  const parts = words(name);
  return parts.some((part) => SECRET_WORDS.has(part)) && !parts.some((part) => NOT_SECRET_WORDS.has(part));
}

/** Credential formats precise enough to name (prefixes and lengths their issuers document). */
const SECRET_VALUES: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/, 'a private key'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}\b/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/, 'a GitLab token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/, 'a Slack token'],
  [/\b[rs]k_live_[A-Za-z0-9]{20,}\b/, 'a Stripe key'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'an npm token'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/\bhf_[A-Za-z]{34}\b/, 'a Hugging Face token'],
  // A password in a URL (`https://user:pass@host`); a `$VAR` in its place is a reference, not a secret.
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@$]+:[^\s/@$]+@/i, 'a URL with a password'],
];

/** What kind of credential the value looks like, or `null`. */
export function secretValueKind(value: string): string | null {
  for (const [pattern, kind] of SECRET_VALUES) if (pattern.test(value)) return kind;
  return null;
}
