/**
 * `--timing`: where a run's time went, ESLint's TIMING table for dockerlint. A rule's time includes the
 * project facts it is the first to ask for (the image graph, for one), which later rules then reuse.
 */
/** The key of the time before the command ran: Node's start-up and loading dockerlint. */
export const STARTUP_TIMING = 'startup';

export function formatTiming(timings: ReadonlyMap<string, number>): string {
  const rows = [...timings].sort(([, a], [, b]) => b - a);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  const label = (key: string): string => (key === 'load' ? 'read and parse files' : key === STARTUP_TIMING ? 'start-up (Node, loading dockerlint)' : key);
  const width = Math.max('Phase or rule'.length, ...rows.map(([key]) => label(key).length));
  const line = (name: string, ms: string, share: string): string => `${name.padEnd(width)} | ${ms.padStart(9)} | ${share.padStart(8)}\n`;
  const percent = (ms: number): string => `${total === 0 ? '0.0' : ((100 * ms) / total).toFixed(1)}%`;
  return (
    line('Phase or rule', 'Time (ms)', 'Relative') +
    `${'-'.repeat(width)}-|-${'-'.repeat(9)}-|-${'-'.repeat(8)}\n` +
    rows.map(([key, ms]) => line(label(key), ms.toFixed(1), percent(ms))).join('') +
    line('total', total.toFixed(1), '100.0%')
  );
}
