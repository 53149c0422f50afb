import { Type } from '@sinclair/typebox';
import { defineRule, type Report } from '../rule.js';
import { imageFilesOf } from '../vocabulary/image-files.js';
import { commandText, installList, installLocations } from '../vocabulary/install-text.js';
import { installsIn, scriptRuns, startupLines, type StartupLine } from '../vocabulary/script-runs.js';

/** `CMD`, `ENTRYPOINT`, `the compose command of service 'api'`. */
function originText(line: StartupLine): string {
  const { origin } = line;
  return origin.kind === 'dockerfile' ? origin.keyword : `the compose ${origin.key} of service '${origin.service.service.name}'`;
}

export default defineRule({
  id: 'no-install-at-startup',
  description: 'Nothing installs dependencies when a container starts: compose command/entrypoint, CMD/ENTRYPOINT and the scripts they run',
  documents: ['dockerfile', 'compose'],
  defaultSeverity: 'error',
  fixable: false,
  options: Type.Object({}, { additionalProperties: false }),
  messages: {
    installAtStartup:
      "{{origin}} runs '{{command}}' ({{manager}}) every time a container starts: each start re-installs, needs the network, can get other versions, and delays the app. Install dependencies in the Dockerfile (a deps stage, cached on the manifests) and start only the application here.",
    scriptInstallsAtStartup:
      '{{origin}} runs {{script}}, which installs dependencies every time a container starts: {{installs}}. Move the installs into the Dockerfile (a deps stage, cached on the manifests) and keep only the start of the application in the script.',
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
