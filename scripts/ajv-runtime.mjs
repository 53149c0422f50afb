// Our own versions of the two Ajv runtime helpers that standalone validators `require`, bundled into the
// generated Compose validator instead of Ajv's (which pull in third-party packages). Validated data is
// plain JSON-like data from YAML, so a structural comparison is enough.
/** Deep equality of JSON-like values (uniqueItems, enum/const with objects). */
export function equal(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((item, index) => equal(item, b[index]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key]));
}

/** String length in Unicode code points, as JSON Schema counts it (minLength/maxLength). */
export function ucs2length(text) {
  return Array.from(text).length;
}
