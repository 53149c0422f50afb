import { Type } from '@sinclair/typebox';
import type { ImageRef, ImageSource } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { pulledImage } from '../vocabulary/compose-projects.js';
import { stageReferences } from '../vocabulary/stage-references.js';

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The registry an image is pulled from, lower-cased: `docker.io` when the reference names none. */
function registryOf(ref: ImageRef): string {
  const registry = ref.registry?.toLowerCase() ?? 'docker.io';
  return DOCKER_HUB.has(registry) ? 'docker.io' : registry;
}

/** Does an entry (`gcr.io`, `*.example.com`, `registry.*`, `*`) name the registry? Docker Hub is also `hub.docker.com`. */
function trusts(entry: string, registry: string): boolean {
  const wanted = entry.toLowerCase() === 'hub.docker.com' ? 'docker.io' : entry.toLowerCase();
  if (wanted === '*') return true;
  if (wanted.startsWith('*')) return registry.endsWith(wanted.slice(1));
  if (wanted.endsWith('*')) return registry.startsWith(wanted.slice(0, -1));
  return registry === wanted;
}

export default defineRule({
  id: 'trusted-registries',
  description: 'Images are pulled only from the registries the option trustedRegistries lists (no list: no check)',
  kind: 'general',
  equivalents: { hadolint: ['DL3026'] },
  documents: ['dockerfile', 'compose'],
  defaultSeverity: 'error',
  options: Type.Object(
    {
      trustedRegistries: Type.Array(Type.String({ minLength: 1 }), {
        default: [],
        description: 'Registry host names; `*.example.com` and `example.*` match by suffix and prefix, `docker.io` is Docker Hub. Empty: every registry',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    untrusted: {
      message: "The image comes from the untrusted registry '{{registry}}'. Image: '{{image}}'.",
      help: 'Pull it from a trusted registry ({{trusted}}), or add the registry to the option trustedRegistries.',
    },
  },
  check(project, options) {
    const trusted = options.trustedRegistries;
    if (trusted.length === 0) return [];
    const reports: Report[] = [];
    const judge = (ref: ImageRef, location: Location): void => {
      const registry = registryOf(ref);
      if (trusted.some((entry) => trusts(entry, registry))) return;
      reports.push({ messageId: 'untrusted', data: { image: ref.text, registry, trusted: trusted.join(', ') }, location });
    };
    const external = (source: ImageSource): ImageRef | null => (source.kind === 'external' ? source.ref : null);
    for (const dockerfile of project.dockerfiles) {
      for (const stage of dockerfile.stages) {
        const parent = external(project.graph.parentOf(dockerfile, stage));
        if (parent !== null) judge(parent, { file: dockerfile.source.path, range: stage.from.imageRange });
        for (const reference of stageReferences(dockerfile, stage)) {
          const ref = external(project.graph.resolveFrom(dockerfile, stage, reference.name));
          if (ref !== null) judge(ref, reference.location);
        }
      }
    }
    for (const { service } of project.services) {
      const pulled = pulledImage(project, service);
      if (pulled !== null) judge(pulled.ref, pulled.location);
    }
    return reports;
  },
});
