import { Type } from '@sinclair/typebox';
import { defineRule, type Report } from '../engine/rule.js';
import { pulledImage } from '../vocabulary/compose-projects.js';

export default defineRule({
  id: 'compose-image-pinned',
  description: 'Compose services run images with a fixed tag or digest, not an untagged or floating one (`latest`)',
  kind: 'general',
  equivalents: { dclint: ['service-image-require-explicit-tag'] },
  documents: ['compose'],
  defaultSeverity: 'off',
  strict: { severity: 'warning' },
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
      const pulled = pulledImage(project, service);
      if (pulled === null) continue;
      const { ref, image, location } = pulled;
      // A digest pins it whatever the tag says.
      if (ref.digest !== null) continue;
      if (ref.tag === null) {
        reports.push({ messageId: 'untagged', data: { service: service.name, image }, location });
      } else if (options.floatingTags.includes(ref.tag)) {
        reports.push({ messageId: 'floating', data: { service: service.name, image, tag: ref.tag }, location });
      }
    }
    return reports;
  },
});
