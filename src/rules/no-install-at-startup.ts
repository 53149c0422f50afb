import { defineRule, type Report } from '../engine/rule.js';
import { imageFilesOf } from '../vocabulary/image-files.js';
import { commandText, installList, installLocations } from '../vocabulary/install-text.js';
import { installsIn, scriptRuns, startupLines, type StartupLine } from '../vocabulary/script-runs.js';

/** `CMD`, `ENTRYPOINT`, `The compose command of service 'api'`: the start of a sentence. */
function originText(line: StartupLine): string {
  const { origin } = line;
  return origin.kind === 'dockerfile' ? origin.keyword : `The compose ${origin.key} of service '${origin.service.service.name}'`;
}

export default defineRule({
  id: 'no-install-at-startup',
  description: 'Nothing installs dependencies when a container starts: compose command/entrypoint, CMD/ENTRYPOINT and the scripts they run',
  kind: 'policy',
  documents: ['dockerfile', 'compose'],
  defaultSeverity: 'error',
  messages: {
    installAtStartup: {
      message: '{{origin}} installs dependencies at every container start. It runs \'{{command}}\' ({{manager}}).',
      help: 'Install dependencies in the Dockerfile (a deps stage, cached on the manifests) and only start the app here.',
    },
    scriptInstallsAtStartup: {
      message: '{{origin}} runs a script that installs at every container start. Script: {{script}}.',
      help: 'Move the installs ({{installs}}) into the Dockerfile\'s deps stage, and keep only the app\'s start in the script.',
    },
  },
  check(project) {
    const images = imageFilesOf(project);
    const reports: Report[] = [];
    const seen = new Set<string>();
    const add = (key: string, report: Report): void => {
      if (seen.has(key)) return;
      seen.add(key);
      reports.push(report);
    };
    for (const line of startupLines(project, images)) {
      const file = line.location.file;
      const origin = originText(line);
      for (const install of installsIn(line.script, null)) {
        const { command } = install;
        add(`${file}:${command.range.start.line}:${command.range.start.column}:${commandText(command)}`, {
          messageId: 'installAtStartup',
          data: { origin, command: commandText(command), manager: install.manager },
          location: { file, range: command.range },
        });
      }
      if (line.view === null) continue;
      for (const { command, script, installs } of scriptRuns(project, line.script, line.view)) {
        if (installs.length === 0) continue;
        add(`${file}:${command.range.start.line}:${command.range.start.column}:${script.source.path}`, {
          messageId: 'scriptInstallsAtStartup',
          data: { origin, script: script.source.path, installs: installList(installs) },
          location: { file, range: command.range },
          related: installLocations(installs, 'installs at every container start: move it into the Dockerfile'),
        });
      }
    }
    return reports;
  },
});
