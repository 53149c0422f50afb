import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `value` by edit distance (ignoring case), if it is close enough to be a likely
 * typo: within `maxDistance(candidate)`, by default 2 or a third of the candidate's length.
 */
export function closest(
  value: string,
  candidates: Iterable<string>,
  maxDistance: (candidate: string) => number = (candidate) => Math.max(2, Math.floor(candidate.length / 3)),
): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(value.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= maxDistance(best) ? best : null;
}

/** For short names, where any two edits would turn one word into another: 2, or half the length of `value`. */
export const shortWordTypos = (value: string) => (): number => Math.min(2, Math.floor(value.length / 2));

/** Go's `strconv.ParseBool`, which Docker and Compose read their switches with: `null` for anything else. */
export function parseGoBool(value: string): boolean | null {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return null;
}

/** `text` cut to at most `limit` characters, an ellipsis marking the cut. */
export function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** `a, b and 3 more`: the first `max` items listed, the rest counted. */
export function listingAtMost(items: readonly string[], max: number): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : listing(shown);
}

/** `a, b, …`: the first `max` items, an ellipsis for the rest. */
export function firstOf(items: readonly string[], max: number): string {
  return items.slice(0, max).join(', ') + (items.length > max ? ', …' : '');
}

/** `1 error`, `2 errors`. */
export function counted(count: number, word: string): string {
  return `${String(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/**
 * `text` with C0/C1 control characters (escape sequences included) written as `\u001b`, so that text from a
 * repository cannot move the cursor, recolour or hide lines in a terminal or a CI log. Tab and newline stay.
 */
export function escapeControlCharacters(text: string): string {
  // One replace, not a string grown a character at a time: that builds a rope of a node per character,
  // which every finding's message kept alive (about 16 KB a finding).
  return text.replace(CONTROL_CHARACTER, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// eslint-disable-next-line no-control-regex -- finding control characters is what it is for
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
