import { Type } from '@sinclair/typebox';
import { isInstruction } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { imageFilesOf } from '../vocabulary/image-files.js';
import { commandText, installList, installLocations } from '../vocabulary/install-text.js';
import { installsIn, lineScript, scriptRuns, startupLines } from '../vocabulary/script-runs.js';
import { isGlobMatch } from '../globs.js';

export default defineRule({
  id: 'no-install-in-scripts',
  description: 'No shell script or Makefile recipe installs dependencies, and no Dockerfile RUN hides an install in a script',
  kind: 'policy',
  documents: ['script', 'makefile', 'dockerfile'],
  defaultSeverity: 'error',
  options: Type.Object(
    {
      allow: Type.Array(Type.String({ minLength: 1 }), {
        default: [],
        description: 'Globs of repo-relative script and Makefile paths that may install (machine tooling, such as a CI bootstrap)',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    installInScript: {
      message: 'This script installs dependencies with {{manager}}, out of sight of Docker\'s layer cache. It runs \'{{command}}\'.',
      help: 'Install in a Dockerfile RUN of the stage that needs it, or list the script in the option allow if it sets up a machine, not an image.',
    },
    installInMakefile: {
      message: 'This Makefile recipe installs dependencies with {{manager}}, out of sight of Docker\'s layer cache. It runs \'{{command}}\'.',
      help: 'Install in a Dockerfile RUN of the stage that needs it, or list the Makefile in the option allow if it sets up a machine, not an image.',
    },
    hiddenInstall: {
      message: 'RUN executes a script that installs dependencies, out of sight of the layer cache. Script: {{script}}.',
      help: 'Move the installs ({{installs}}) into the Dockerfile, after a COPY of only the manifests they read.',
    },
  },
  check(project, options) {
    const images = imageFilesOf(project);
    const reports: Report[] = [];

    // Scripts that run when a container starts are `no-install-at-startup`'s to report.
    const startupScripts = new Set<string>();
    for (const line of startupLines(project, images)) {
      if (line.view === null) continue;
      for (const run of scriptRuns(project, line.script, line.view)) {
        for (const doc of run.reached) startupScripts.add(doc.source.path);
      }
    }
    // A script a RUN executes is reported once, at that RUN, its installs as related locations.
    const hidden = new Set<string>();
    const seen = new Set<string>();
    for (const dockerfile of project.dockerfiles) {
      for (const context of project.contextsOf(dockerfile)) {
        for (const stage of dockerfile.stages) {
          images.forEachInstruction(dockerfile, stage, context, (instruction, view) => {
            if (!isInstruction(instruction, 'RUN')) return;
            const run = instruction;
            const script = lineScript(run, run.exec === null ? null : run.args.map((word) => word.range), run.range);
            const mounted = view.withMounts(images.runBindMounts(run, context, view.workdir));
            for (const { command, script: doc, installs, reached } of scriptRuns(project, script, mounted)) {
              if (installs.length === 0) continue;
              for (const reachedDoc of reached) hidden.add(reachedDoc.source.path);
              const key = `${dockerfile.source.path}:${command.range.start.line}:${command.range.start.column}:${doc.source.path}`;
              if (seen.has(key)) continue;
              seen.add(key);
              reports.push({
                messageId: 'hiddenInstall',
                data: { script: doc.source.path, installs: installList(installs) },
                location: { file: dockerfile.source.path, range: command.range },
                related: installLocations(installs, 'hidden install: move it into the Dockerfile'),
              });
            }
          });
        }
      }
    }

    for (const script of project.scripts) {
      const path = script.source.path;
      if (startupScripts.has(path) || hidden.has(path) || (options.allow.length > 0 && isGlobMatch(path, options.allow))) continue;
      for (const install of installsIn(script.shell, script.source)) {
        const { command } = install;
        reports.push({
          messageId: 'installInScript',
          data: { script: path, command: commandText(command), manager: install.manager },
          location: { file: path, range: command.range },
        });
      }
    }

    // make runs its recipes on the developer's machine, as a script would.
    for (const makefile of project.makefiles) {
      const path = makefile.source.path;
      if (options.allow.length > 0 && isGlobMatch(path, options.allow)) continue;
      for (const line of makefile.recipeLines) {
        for (const { command, manager } of installsIn(line.shell, makefile.source)) {
          reports.push({
            messageId: 'installInMakefile',
            data: { command: commandText(command), manager },
            location: { file: path, range: command.range },
          });
        }
      }
    }

    return reports;
  },
});
