import type { ShellCommand } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { dockerfileRuns } from '../vocabulary/runs.js';

const DOWNLOADERS = new Set(['curl', 'wget']);

export default defineRule({
  id: 'curl-or-wget',
  description: 'A stage downloads with curl or with wget, not both: one download tool in the image is enough',
  kind: 'general',
  equivalents: { hadolint: ['DL4001'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    bothDownloaders: {
      message: 'This stage runs {{second}} after already using {{first}}: one download tool is enough.',
      help: 'Use {{first}} here too (`curl -fsSLo FILE URL` does what `wget -qO FILE URL` does), and install only {{first}}.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      // Per stage: each stage is its own image, and a builder's tools do not ship with the runtime.
      const firstUse = new Map<number, Map<string, ShellCommand>>();
      for (const { stage, script } of dockerfileRuns(dockerfile)) {
        const seen = firstUse.get(stage.index) ?? new Map<string, ShellCommand>();
        firstUse.set(stage.index, seen);
        for (const command of script.commands) {
          if (command.program !== null && DOWNLOADERS.has(command.program) && !seen.has(command.program)) seen.set(command.program, command);
        }
      }
      for (const seen of firstUse.values()) {
        const [first, second] = [...seen.entries()];
        if (first === undefined || second === undefined) continue;
        reports.push({
          messageId: 'bothDownloaders',
          data: { first: first[0], second: second[0] },
          location: { file: dockerfile.source.path, range: second[1].range },
          related: [{ location: { file: dockerfile.source.path, range: first[1].range }, message: `${first[0]} is used here first` }],
        });
      }
    }
    return reports;
  },
});
