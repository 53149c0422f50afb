import type { DockerfileDoc, Project, Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { misspeltStage, namedStage, stageLabel, stageReferences, type StageReference } from '../vocabulary/stage-references.js';

/** A stage defined later: BuildKit builds it, so a warning, whatever the rule's severity. */
function laterStage(reference: StageReference, stage: string): Report {
  return { messageId: 'laterStage', data: { via: reference.via, name: reference.name, stage }, location: reference.location, severity: 'warning' };
}

function checkReference(project: Project, dockerfile: DockerfileDoc, stage: Stage, reference: StageReference): Report | null {
  const { name, via, location } = reference;
  const { stages } = dockerfile;
  // The stage itself is copy-from-self's finding.
  const named = namedStage(dockerfile, name);
  if (named === undefined && /^\d+$/.test(name)) {
    return { messageId: 'noSuchIndex', data: { via, name, count: stages.length, last: stages.length - 1 }, location };
  }
  if (named !== undefined) {
    return named.index > stage.index ? laterStage(reference, stageLabel(named)) : null;
  }
  if (project.graph.resolveFrom(dockerfile, stage, name).kind !== 'external') return null;
  const suggestion = misspeltStage(dockerfile, stage, name);
  return suggestion === null ? null : { messageId: 'typo', data: { via, name, suggestion }, location };
}

export default defineRule({
  id: 'copy-from-known-stage',
  description: 'A --from that reads like a stage names an earlier stage: not a later one, a missing index, or a misspelt name',
  kind: 'general',
  equivalents: { hadolint: ['DL3022'] },
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  messages: {
    typo: {
      message: '{{via}}={{name}} names no stage, so Docker pulls an image \'{{name}}\' instead.',
      help: 'Did you mean stage \'{{suggestion}}\'?',
    },
    laterStage: {
      message: '{{via}}={{name}} names stage {{stage}}, which comes later in the file.',
      help: 'Move that stage above this one: the classic builder and readers of the file take a later name for an image.',
    },
    noSuchIndex: {
      message: '{{via}}={{name}} names stage #{{name}}, but the stages are #0 to #{{last}} ({{count}} in all).',
      help: 'Name the stage instead (FROM … AS name, then --from=name): indexes shift when stages are added.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const stage of dockerfile.stages) {
        for (const reference of stageReferences(dockerfile, stage)) {
          const report = checkReference(project, dockerfile, stage, reference);
          if (report !== null) reports.push(report);
        }
      }
    }
    return reports;
  },
});
