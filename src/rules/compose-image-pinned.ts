import { Type } from '@sinclair/typebox';
import { normalizeImageName, parseImageRef } from '../project/image-ref.js';
import type { Project } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';

/** `name:tag` without its tag (a registry port is no tag). */
function repositoryOf(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}

/** Is the normalised image name built by a Dockerfile of the project (at that tag, or at every tag)? */
function builtHere(project: Project, name: string): boolean {
  return project.graph.producers.some((producer) => producer.image === name || (producer.anyTag && repositoryOf(producer.image) === repositoryOf(name)));
}

export default defineRule({
  id: 'compose-image-pinned',
  description: 'Compose services run images with a fixed tag or digest, not an untagged or floating one (`latest`)',
  kind: 'general',
  equivalents: { dclint: ['service-image-require-explicit-tag'] },
  documents: ['compose'],
  defaultSeverity: 'off',
  strict: { severity: 'warning' },
  fixable: false,
  options: Type.Object(
    {
      floatingTags: Type.Array(Type.String({ minLength: 1 }), {
        default: ['latest', 'stable', 'edge', 'nightly', 'dev', 'beta', 'canary', 'lts', 'test'],
        description: 'Tags that move to new images over time',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    untagged: {
      message: "Service '{{service}}' runs an image without a tag. '{{image}}' may be another image at each pull.",
      help: "Pin a version tag ('{{image}}:<version>'), or a digest ('@sha256:…') for an exact image.",
    },
    floating: {
      message: "Service '{{service}}' runs an image with a floating tag. '{{image}}': '{{tag}}' moves to new images.",
      help: 'Pin a version tag, or add a digest (`@sha256:…`) to keep this tag readable.',
    },
  },
  check(project, options) {
    const reports: Report[] = [];
    for (const { service } of project.services) {
      const image = service.image;
      const resolved = image?.resolved ?? null;
      // With `build`, `image` names what the service builds: nothing is pulled.
      if (image === null || resolved === null || service.build !== null) continue;
      const ref = parseImageRef(resolved);
      if (ref.dynamic || ref.digest !== null || builtHere(project, normalizeImageName(ref))) continue;
      if (ref.tag === null) {
        reports.push({ messageId: 'untagged', data: { service: service.name, image: resolved }, location: image.location });
      } else if (options.floatingTags.includes(ref.tag)) {
        reports.push({ messageId: 'floating', data: { service: service.name, image: resolved, tag: ref.tag }, location: image.location });
      }
    }
    return reports;
  },
});
