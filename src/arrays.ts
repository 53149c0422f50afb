/**
 * Appends `items` to `target` in a loop: `target.push(...items)` passes every item as an argument and
 * overflows the stack past about 100,000 of them (a script of 130,000 commands did).
 */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
