/** How the script rules show an install in their messages. */
import type { ShellCommand } from '../project/model.js';
import type { RelatedLocation } from '../source.js';
import type { ScriptInstall } from './script-runs.js';
import { shorten } from '../text.js';

const MAX_COMMAND_LENGTH = 80;

/** A command as written (`pip install -r requirements.txt`), on one line and shortened when long. */
export function commandText(command: ShellCommand): string {
  const text = [command.name ?? '…', ...command.args.map((arg) => arg.raw)].join(' ').replace(/\s+/g, ' ');
  return shorten(text, MAX_COMMAND_LENGTH);
}

/** `pip in backend/start.sh (line 3); npm, apt-get in setup.sh (lines 7, 9)`: the installs by script. */
export function installList(installs: readonly ScriptInstall[]): string {
  const byScript = new Map<string, { managers: Set<string>; lines: number[] }>();
  for (const { script, install } of installs) {
    const entry = byScript.get(script.source.path) ?? { managers: new Set<string>(), lines: [] };
    entry.managers.add(install.manager);
    entry.lines.push(install.command.range.start.line);
    byScript.set(script.source.path, entry);
  }
  return [...byScript]
    .map(([path, { managers, lines }]) => `${[...managers].join(', ')} in ${path} (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})`)
    .join('; ');
}

/** One related location per install, each saying what to do with it. */
export function installLocations(installs: readonly ScriptInstall[], message: string): RelatedLocation[] {
  return installs.map(({ script, install }) => ({
    location: { file: script.source.path, range: install.command.range },
    message: `${message} (${install.manager})`,
  }));
}
