import { defineRule, type Report } from '../engine/rule.js';
import { isInstruction } from '../project/model.js';
import { isLegacyPair } from '../vocabulary/written.js';

export default defineRule({
  id: 'legacy-key-value',
  description: 'ENV and LABEL use KEY=value, not the legacy KEY value form',
  kind: 'general',
  equivalents: { buildkit: ['LegacyKeyValueFormat'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    legacy: {
      message: '`{{keyword}} {{name}} …` uses the legacy form: everything after the key is one value.',
      help: 'Write `{{keyword}} {{name}}="{{value}}"`; the = form also sets several pairs in one instruction.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const instruction of dockerfile.instructions) {
        // BuildKit reads the legacy form in ENV and LABEL; ARG has none.
        if (!isInstruction(instruction, 'ENV', 'LABEL')) continue;
        for (const pair of instruction.properties) {
          if (!isLegacyPair(dockerfile, pair)) continue;
          reports.push({
            messageId: 'legacy',
            data: { keyword: instruction.keyword, name: pair.name, value: (pair.value ?? '').replace(/(["\\$])/g, '\\$1') },
            location: { file: dockerfile.source.path, range: pair.range },
          });
        }
      }
    }
    return reports;
  },
});
