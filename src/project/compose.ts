/**
 * Compose files: parsed once with `yaml` (YAML 1.2 core schema, merge keys on), read into
 * `ComposeDoc` with the source range of every value. Never throws: whatever Compose would refuse
 * becomes a `problem`, and the rest is read as far as it makes sense.
 *
 * Locations: a value's location is its YAML node's range (quotes and block indicators included); a
 * service's, a build's and a defaulted context's location is its key. Values reached through an alias
 * or a merge key (`<<: *defaults`) are located where the anchor defines them.
 */
import { Composer, Parser, isAlias, isMap, isNode, isScalar, isSeq } from 'yaml';
import type { CST, Document, Node, YAMLError, YAMLMap } from 'yaml';
import type { Comment, Location, SourceFile } from '../source.js';
import type {
  ComposeBuild,
  ComposeDoc,
  ComposeEnvFile,
  ComposePort,
  ComposeLayer,
  ComposeService,
  ComposeString,
  ComposeVolume,
  DeviceReservation,
  ParseProblem,
  Sourced,
} from './model.js';
import { interpolate, interpolationSyntaxError } from './interpolate.js';
import { append } from '../arrays.js';
import { mergeServiceLayers } from './compose-merge.js';
import { excessiveAlias } from './yaml-aliases.js';
import { isStackOverflow, NESTED_TOO_DEEPLY } from '../internal-error.js';

/** Compose's own YAML tags (override files); `yaml` does not know them and would warn. */
const COMPOSE_TAGS = new Set(['!reset', '!override']);

export function parseCompose(source: SourceFile, env: ReadonlyMap<string, string>): ComposeDoc {
  try {
    return new ComposeReader(source, env).read();
  } catch (error) {
    // A bug or an input `yaml` cannot cope with must not abort the whole lint run.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...emptyComposeDoc(source),
      problems: [{ location: source.location(0, 0), message: `cannot read the compose file: ${message}` }],
    };
  }
}

function emptyComposeDoc(source: SourceFile): ComposeDoc {
  return {
    kind: 'compose',
    source,
    comments: [],
    services: [],
    includes: [],
    strings: [],
    layers: [],
    data: undefined,
    locate: () => source.location(0, 0),
    problems: [],
  };
}

/** Marks a value that Compose drops (`!reset`) while building plain data. */
const DROPPED = Symbol('dropped');
/** More nodes than this while building plain data means aliases multiply the file: give up. */
const MAX_DATA_NODES = 1_000_000;
/** A `gpus` value is a few requests; more nodes than this is an alias bomb (reported on its own). */
const MAX_GPUS_NODES = 10_000;

/** What one YAML document of the file gives. */
interface Layer extends ComposeLayer {
  strings: Sourced<string>[];
  services: ComposeService[];
  includes: ComposeString[];
}

/** A mapping entry after merge keys are applied. */
interface Entry {
  key: Node;
  value: Node | null;
}

type Entries = ReadonlyMap<string, Entry>;

class ComposeReader {
  readonly #source: SourceFile;
  readonly #env: ReadonlyMap<string, string>;
  readonly #problems: ParseProblem[] = [];
  /** Alias → the node its anchor names (`undefined`: no such anchor before it). */
  readonly #aliasTargets = new Map<Node, Node | undefined>();
  readonly #entriesCache = new Map<YAMLMap, Entries>();

  constructor(source: SourceFile, env: ReadonlyMap<string, string>) {
    this.#source = source;
    this.#env = env;
  }

  read(): ComposeDoc {
    const text = this.#source.text;
    const { documents, cst } = composeDocuments(text);
    const doc: ComposeDoc = { ...emptyComposeDoc(this.#source), comments: this.#comments(cst.comments) };
    for (const document of documents) {
      for (const error of [...document.errors, ...document.warnings]) this.#yamlProblem(error, cst.quotedScalars);
    }
    // Compose reads the documents of a file (`---`) as layers, each over the ones before, as it reads
    // override files; empty documents are skipped.
    const layers = documents.filter((document) => !isEmptyDocument(document)).map((document) => this.#layer(document));
    const first = layers[0];
    if (first === undefined) {
      const readable = documents.length > 0 && documents.every((document) => document.errors.length === 0);
      return { ...doc, data: readable ? null : undefined, problems: this.#problems };
    }
    return {
      ...doc,
      services: mergeServiceLayers(layers.map((layer) => layer.services)),
      includes: layers.flatMap((layer) => layer.includes),
      strings: layers.flatMap((layer) => layer.strings),
      layers: layers.map(({ data, locate }) => ({ data, locate })),
      data: first.data,
      locate: first.locate,
      problems: this.#problems,
    };
  }

  /** One non-empty YAML document of the file. */
  #layer(document: Document.Parsed): Layer {
    const { strings, refusals } = this.#walk(document);
    const aliasesSound = this.#checkAliases(document, refusals);
    for (const string of strings) this.#checkInterpolation(string);
    const root = document.contents;
    const layer: Layer = { data: undefined, locate: (path, part) => this.#locate(root, path, part ?? 'value'), strings, services: [], includes: [] };
    if (!isMap(root)) {
      if (root !== null) this.#problemAt(root, 'the top level of a compose file must be a mapping');
      return layer;
    }
    const top = this.#entries(root);
    layer.services = this.#services(top.get('services'));
    layer.includes = this.#includes(top.get('include'));
    if (aliasesSound && document.errors.length === 0) layer.data = this.#data(root);
    return layer;
  }

  // ─── YAML-level problems ─────────────────────────────────────────────────────

  #yamlProblem(error: YAMLError, quotedScalars: readonly TokenSpan[]): void {
    const [start, end] = error.pos;
    if (isStackOverflow(`RangeError: ${error.message}`)) {
      this.#problem(start, Math.max(start, end), NESTED_TOO_DEEPLY);
      return;
    }
    if (error.code === 'TAG_RESOLVE_FAILED' && COMPOSE_TAGS.has(this.#source.text.slice(start, end))) return;
    if (error.code === 'MISSING_CHAR' && error.message.includes('quote')) {
      // `yaml` reports where the text ends; the opening quote is where the mistake is.
      const opening = quotedScalars.findLast((span) => span.offset <= start && start <= span.end);
      if (opening !== undefined) {
        this.#problem(opening.offset, this.#lineEnd(opening.offset), error.message);
        return;
      }
    }
    this.#problem(start, Math.max(start, end), error.message);
  }

  /**
   * What go-yaml refuses before Compose sees the data: unknown and self-containing anchors, the keys
   * and merge sources `#walk` refused, and alias bombs. False when any.
   */
  #checkAliases(document: Document.Parsed, refusals: readonly Refusal[]): boolean {
    let reported = false;
    for (const [alias, target] of this.#aliasTargets) {
      if (!isAlias(alias)) continue;
      if (target === undefined) {
        this.#problemAt(alias, `unknown anchor "${alias.source}"`);
        reported = true;
      } else if (contains(target, alias)) {
        this.#problemAt(alias, `anchor "${alias.source}" contains itself: Compose refuses it`);
        reported = true;
      }
    }
    for (const { node, message } of refusals) this.#problemAt(node, message);
    if (reported || refusals.length > 0) return false;
    // Without an alias nothing is expanded, so nothing can expand out of proportion.
    if (this.#aliasTargets.size === 0) return true;
    const alias = excessiveAlias(document.contents, (node) => this.#resolve(node), isMergeKey);
    if (alias === null) return true;
    this.#problemAt(
      alias,
      'aliases expand out of proportion to the document: Compose refuses it ("document contains excessive aliasing"), ' +
        'as it would a resource-exhaustion attack; write the repeated values out, or use fewer levels of aliases',
    );
    return false;
  }

  // ─── Plain data and paths into it ────────────────────────────────────────────

  /** The node as plain data; `undefined` if aliases multiply it beyond `budget` nodes. */
  #data(root: Node | null, budget = MAX_DATA_NODES): unknown {
    const convert = (node: Node | null | undefined): unknown => {
      if (--budget < 0) throw new RangeError('too many nodes');
      const resolved = this.#resolve(node);
      if (resolved === null) return null;
      if (resolved.tag === '!reset') return DROPPED;
      if (isMap(resolved)) {
        const result: Record<string, unknown> = {};
        for (const [name, entry] of this.#entries(resolved)) {
          const value = convert(entry.value);
          if (value !== DROPPED) result[name] = value;
        }
        return result;
      }
      if (isSeq(resolved)) {
        return resolved.items.map((item) => convert(item as Node)).filter((value) => value !== DROPPED);
      }
      return isScalar(resolved) ? (resolved.value ?? null) : null;
    };
    try {
      const data = convert(root);
      return data === DROPPED ? null : data;
    } catch {
      return undefined;
    }
  }

  #locate(root: Node | null, path: readonly (string | number)[], part: 'key' | 'value'): Location {
    let node = this.#resolve(root);
    let key: Node | null = null;
    for (const segment of path) {
      if (isMap(node)) {
        const entry = this.#entries(node).get(String(segment));
        if (entry === undefined) break;
        key = entry.key;
        node = this.#resolve(entry.value);
      } else if (isSeq(node)) {
        const item = node.items[typeof segment === 'number' ? segment : Number(segment)] as Node | undefined;
        if (item === undefined) break;
        key = null;
        node = this.#resolve(item);
      } else {
        break;
      }
    }
    // `key:` without a value has an empty node: its key is the place to point at.
    const empty = node === null || (isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1]);
    if (key !== null && (part === 'key' || empty)) return this.#location(key);
    return this.#location(node);
  }

  #checkInterpolation(string: Sourced<string>): void {
    const error = interpolationSyntaxError(string.value);
    if (error === null) return;
    this.#problems.push({
      location: string.location,
      message: `${error.message}: Compose refuses it; write $$ for a literal $`,
    });
  }

  // ─── Comments and strings ────────────────────────────────────────────────────

  #comments(spans: readonly CommentToken[]): Comment[] {
    return spans.map(({ offset, source }) => {
      const range = this.#source.range(offset, offset + source.length);
      return { line: range.start.line, text: source.slice(1), range };
    });
  }

  /**
   * One walk over the document, in document order (aliases are not followed), for what needs every
   * node: each alias's anchor (the closest earlier one, as YAML resolves it), every string scalar but
   * keys, and the keys and merge sources Compose refuses (in the order a pre-order walk meets them).
   * Merge sources are judged after the walk, when every alias in them is resolved.
   */
  #walk(document: Document.Parsed): { strings: Sourced<string>[]; refusals: Refusal[] } {
    const anchors = new Map<string, Node>();
    const strings: Sourced<string>[] = [];
    const refusals: (Refusal | null)[] = [];
    /** Merge keys' values by the index of their refusal, judged once every alias is resolved. */
    const mergeSources = new Map<number, Node>();
    const walk = (node: unknown, isKey: boolean): void => {
      if (isAlias(node)) {
        this.#aliasTargets.set(node, anchors.get(node.source));
        return;
      }
      if (!isNode(node)) return;
      if (typeof node.anchor === 'string') anchors.set(node.anchor, node);
      if (isScalar(node)) {
        if (!isKey && typeof node.value === 'string' && node.tag !== '!reset') strings.push({ value: node.value, location: this.#location(node) });
      } else if (isSeq(node)) {
        for (const item of node.items) walk(item, false);
      } else if (isMap(node)) {
        refusals.push(...duplicateKeys(node));
        for (const pair of node.items) {
          const refusal = refusedKey(pair.key, this.#source.text);
          if (refusal !== null) refusals.push(refusal);
          else if (isMergeKey(pair.key) && isNode(pair.value)) {
            mergeSources.set(refusals.length, pair.value);
            refusals.push({ node: pair.value, message: 'a merge key (<<) needs a mapping or a list of mappings' });
          }
          walk(pair.key, true);
          walk(pair.value, false);
        }
      }
    };
    walk(document.contents, false);
    for (const [index, value] of mergeSources) if (this.#mergesMappings(value)) refusals[index] = null;
    return { strings, refusals: refusals.filter((refusal) => refusal !== null) };
  }

  /** Whether a merge key's value is a mapping or a list of mappings (aliases resolved). */
  #mergesMappings(value: Node): boolean {
    const resolved = this.#resolve(value);
    const sources = isSeq(resolved) ? resolved.items.map((item) => this.#resolve(item as Node)) : [resolved];
    return sources.every((merged) => merged === null || isMap(merged));
  }

  /** The node itself, or what an alias points to; `null` for an unknown anchor. */
  #resolve(node: Node | null | undefined): Node | null {
    if (node === null || node === undefined) return null;
    if (!isAlias(node)) return node;
    return this.#aliasTargets.get(node) ?? null;
  }

  /**
   * A mapping's entries with `<<` merge keys applied as YAML defines them: keys written in the
   * mapping win over merged ones, and earlier merge sources win over later ones.
   */
  #entries(map: YAMLMap, inProgress = new Set<YAMLMap>()): Entries {
    const cached = this.#entriesCache.get(map);
    if (cached !== undefined) return cached;
    const entries = new Map<string, Entry>();
    // An anchor that merges itself would recurse forever.
    if (inProgress.has(map)) return entries;
    inProgress.add(map);
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (isMergeKey(key)) {
        for (const source of this.#mergeSources(value)) {
          for (const [name, entry] of this.#entries(source, inProgress)) {
            if (!entries.has(name)) entries.set(name, entry);
          }
        }
        continue;
      }
      const name = this.#keyName(key);
      if (name !== null && key !== null) {
        // A written key replaces a merged one, in place.
        entries.set(name, { key, value });
      }
    }
    inProgress.delete(map);
    this.#entriesCache.set(map, entries);
    return entries;
  }

  #mergeSources(value: Node | null): YAMLMap[] {
    const resolved = this.#resolve(value);
    const candidates = isSeq(resolved) ? resolved.items.map((item) => this.#resolve(item as Node)) : [resolved];
    return candidates.filter((candidate): candidate is YAMLMap => isMap(candidate));
  }

  /** The entries of a value that should be a mapping (through an alias); `null` otherwise. */
  #mapping(node: Node | null | undefined): Entries | null {
    const resolved = this.#resolve(node);
    return isMap(resolved) ? this.#entries(resolved) : null;
  }

  /** The items of a value that should be a sequence, aliases resolved. */
  #sequence(node: Node | null | undefined): Node[] | null {
    const resolved = this.#resolve(node);
    if (!isSeq(resolved)) return null;
    return resolved.items
      .map((item) => this.#resolve(item as Node))
      .filter((item): item is Node => item !== null);
  }

  // ─── Scalars ─────────────────────────────────────────────────────────────────

  /**
   * A scalar's value as a string as Compose would read it: strings as they are, numbers and
   * booleans as written (`1.10` stays `1.10`). `null` for null, `!reset` and non-scalars.
   */
  #text(node: Node | null | undefined): string | null {
    const resolved = this.#resolve(node);
    if (!isScalar(resolved) || resolved.tag === '!reset') return null;
    const { value } = resolved;
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    // Parsed nodes always have a range.
    const range = resolved.range;
    return range ? this.#source.text.slice(range[0], range[1]) : null;
  }

  #composeString(node: Node | null | undefined): ComposeString | null {
    const value = this.#text(node);
    if (value === null) return null;
    return this.#interpolated(value, this.#location(this.#resolve(node)));
  }

  #interpolated(value: string, location: Location): ComposeString {
    return { value, resolved: interpolate(value, this.#env), location };
  }

  #sourcedText(node: Node | null | undefined): Sourced<string> | null {
    const value = this.#text(node);
    return value === null ? null : { value, location: this.#location(this.#resolve(node)) };
  }

  /** A string or a list of strings (`command`, `entrypoint`). */
  #stringOrList(node: Node | null | undefined): Sourced<string | string[]> | null {
    const items = this.#sequence(node);
    if (items !== null) {
      return { value: this.#texts(items), location: this.#location(this.#resolve(node)) };
    }
    return this.#sourcedText(node);
  }

  #texts(items: readonly Node[]): string[] {
    return items.map((item) => this.#text(item)).filter((text): text is string => text !== null);
  }

  #sourcedList(node: Node | null | undefined): Sourced<string[]> | null {
    const items = this.#sequence(node);
    return items === null ? null : { value: this.#texts(items), location: this.#location(this.#resolve(node)) };
  }

  // ─── Services ────────────────────────────────────────────────────────────────

  #services(entry: Entry | undefined): ComposeService[] {
    const services = this.#mapping(entry?.value);
    if (services === null) return [];
    const result: ComposeService[] = [];
    for (const [name, { key, value }] of services) {
      const resolved = this.#resolve(value);
      if (isMap(resolved)) result.push(this.#service(name, key, this.#entries(resolved)));
      // `name:` with nothing is a service without settings (seen in override files).
      else if (resolved === null || (isScalar(resolved) && resolved.value === null)) {
        result.push(this.#service(name, key, new Map()));
      }
    }
    return result;
  }

  #service(name: string, key: Node, fields: Entries): ComposeService {
    const value = (field: string): Node | null => fields.get(field)?.value ?? null;
    const build = fields.get('build');
    return {
      name,
      location: this.#location(key),
      image: this.#composeString(value('image')),
      build: build === undefined ? null : this.#build(build),
      devices: this.#devices(value('deploy')),
      runtime: this.#composeString(value('runtime')),
      gpus: this.#gpus(value('gpus')),
      environment: this.#keyValues(value('environment')),
      command: this.#stringOrList(value('command')),
      entrypoint: this.#stringOrList(value('entrypoint')),
      volumes: this.#volumes(value('volumes')),
      profiles: this.#texts(this.#sequence(value('profiles')) ?? []),
      containerName: this.#composeString(value('container_name')),
      privileged: this.#composeString(value('privileged')),
      restart: this.#composeString(value('restart')),
      restartPolicy: this.#restartPolicy(value('deploy')),
      ports: this.#ports(value('ports')),
      dependsOn: this.#dependsOn(value('depends_on')),
      envFiles: this.#envFiles(value('env_file')),
    };
  }

  #restartPolicy(deploy: Node | null): Location | null {
    const key = this.#mapping(deploy)?.get('restart_policy')?.key;
    return key === undefined ? null : this.#location(key);
  }

  /** `ports`: short form `[[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, or the long form. */
  #ports(node: Node | null): ComposePort[] {
    const result: ComposePort[] = [];
    for (const item of this.#sequence(node) ?? []) {
      const location = this.#location(item);
      const fields = this.#mapping(item);
      if (fields !== null) {
        const field = (name: string): string | null => this.#composeString(fields.get(name)?.value)?.resolved ?? null;
        result.push({ location, written: null, plain: false, hostIp: field('host_ip'), published: field('published'), target: field('target'), protocol: field('protocol') ?? 'tcp' });
        continue;
      }
      const written = this.#composeString(item);
      if (written === null) continue;
      const plain = isScalar(item) && item.type === 'PLAIN';
      result.push({ location, written: written.value, plain, ...shortPort(written.resolved) });
    }
    return result;
  }

  /** `depends_on`: `- name`, or `name: {condition: …}`; each located at the name. */
  #dependsOn(node: Node | null): Sourced<string>[] {
    const mapping = this.#mapping(node);
    if (mapping !== null) return [...mapping].map(([name, entry]) => ({ value: name, location: this.#location(entry.key) }));
    return (this.#sequence(node) ?? []).flatMap((item) => this.#sourcedText(item) ?? []);
  }

  /** `env_file`: a path, a list of paths, or of `{path, required}`. */
  #envFiles(node: Node | null): ComposeEnvFile[] {
    const items = this.#sequence(node) ?? (node === null ? [] : [node]);
    return items.flatMap((item): ComposeEnvFile[] => {
      const fields = this.#mapping(item);
      const path = this.#composeString(fields === null ? item : fields.get('path')?.value);
      if (path === null) return [];
      return [{ path, required: this.#text(fields?.get('required')?.value) !== 'false' }];
    });
  }

  #build({ key, value }: Entry): ComposeBuild | null {
    const location = this.#location(key);
    const context = this.#composeString(value);
    if (context !== null) {
      return {
        location,
        context,
        dockerfile: null,
        dockerfileInline: null,
        target: null,
        args: new Map(),
        additionalContexts: new Map(),
      };
    }
    const fields = this.#mapping(value);
    if (fields === null) return null;
    const field = (name: string): Node | null => fields.get(name)?.value ?? null;
    return {
      location,
      // Compose defaults the context to the project directory; it is located at the `build` key.
      context: this.#composeString(field('context')) ?? { value: '.', resolved: '.', location },
      dockerfile: this.#composeString(field('dockerfile')),
      dockerfileInline: this.#sourcedText(field('dockerfile_inline')),
      target: this.#composeString(field('target')),
      args: this.#keyValues(field('args')),
      additionalContexts: this.#additionalContexts(field('additional_contexts')),
    };
  }

  /**
   * A `list_or_dict` (`args`, `environment`): `KEY: value` or `- KEY=value`; `null` for `KEY:` and
   * `- KEY` (taken from the environment). Located at the value, or at the key or item without one.
   */
  #keyValues(node: Node | null): Map<string, Sourced<string | null>> {
    const result = new Map<string, Sourced<string | null>>();
    const mapping = this.#mapping(node);
    if (mapping !== null) {
      for (const [name, entry] of mapping) {
        const value = this.#text(entry.value);
        const at = value === null ? entry.key : this.#resolve(entry.value);
        result.set(name, { value, location: this.#location(at) });
      }
      return result;
    }
    for (const item of this.#sequence(node) ?? []) {
      const text = this.#text(item);
      if (text === null) continue;
      const equals = text.indexOf('=');
      const name = equals === -1 ? text : text.slice(0, equals);
      result.set(name, { value: equals === -1 ? null : text.slice(equals + 1), location: this.#location(item) });
    }
    return result;
  }

  /** `additional_contexts`: `name: value` or `- name=value`. */
  #additionalContexts(node: Node | null): Map<string, ComposeString> {
    const result = new Map<string, ComposeString>();
    const mapping = this.#mapping(node);
    if (mapping !== null) {
      for (const [name, entry] of mapping) {
        const value = this.#composeString(entry.value);
        if (value !== null) result.set(name, value);
      }
      return result;
    }
    for (const item of this.#sequence(node) ?? []) {
      const text = this.#text(item);
      const equals = text?.indexOf('=') ?? -1;
      if (text === null || equals <= 0) continue;
      result.set(text.slice(0, equals), this.#interpolated(text.slice(equals + 1), this.#location(item)));
    }
    return result;
  }

  /** `deploy.resources.reservations.devices[]`. */
  #devices(deploy: Node | null): DeviceReservation[] {
    const resources = this.#mapping(deploy)?.get('resources');
    const reservations = this.#mapping(resources?.value)?.get('reservations');
    const devices = this.#mapping(reservations?.value)?.get('devices');
    const result: DeviceReservation[] = [];
    for (const item of this.#sequence(devices?.value) ?? []) {
      const fields = this.#mapping(item);
      if (fields === null) continue;
      const field = (name: string): Node | null => fields.get(name)?.value ?? null;
      result.push({
        location: this.#location(item),
        driver: this.#composeString(field('driver')),
        count: this.#count(field('count')),
        deviceIds: this.#sourcedList(field('device_ids')),
        capabilities: this.#sourcedList(field('capabilities')),
      });
    }
    return result;
  }

  /** `count` as written: a number (`1`), or a string (`all`, `"2"`, `${GPUS}`). */
  #count(node: Node | null): Sourced<string | number> | null {
    const resolved = this.#resolve(node);
    if (isScalar(resolved) && typeof resolved.value === 'number') {
      return { value: resolved.value, location: this.#location(resolved) };
    }
    return this.#sourcedText(node);
  }

  /** `gpus: all` or a list of device requests, as plain data. */
  #gpus(node: Node | null): Sourced<unknown> | null {
    const resolved = this.#resolve(node);
    if (resolved === null) return null;
    const value = this.#data(resolved, MAX_GPUS_NODES);
    return value === null || value === undefined ? null : { value, location: this.#location(resolved) };
  }

  /**
   * Short form `[source:]target[:mode]`, whose source is a host path when it starts with `.`, `/` or `~`
   * and a volume name otherwise; long form `{type, source, target}`, a host path for `type: bind`.
   */
  #volumes(node: Node | null): ComposeVolume[] {
    const result: ComposeVolume[] = [];
    for (const item of this.#sequence(node) ?? []) {
      const location = this.#location(this.#resolve(item));
      const entries = isMap(item) ? this.#entries(item) : null;
      if (entries !== null) {
        const isBind = this.#text(entries.get('type')?.value) === 'bind';
        const source = this.#composeString(entries.get('source')?.value)?.resolved ?? null;
        const target = this.#composeString(entries.get('target')?.value)?.resolved ?? null;
        result.push({ location, hostPath: isBind ? source : null, target });
        continue;
      }
      const written = this.#composeString(item);
      if (written === null) continue;
      const parts = written.resolved?.split(':') ?? [];
      const source = parts.length > 1 ? parts[0] : undefined;
      const target = parts.length > 1 ? parts[1] : parts[0];
      const isHostPath = source !== undefined && /^[./~]/.test(source);
      result.push({ location, hostPath: isHostPath ? source : null, target: target ?? null });
    }
    return result;
  }

  /** `include:` entries: `- path.yaml` or `- path: a.yaml` / `path: [a.yaml, b.yaml]`. */
  #includes(entry: Entry | undefined): ComposeString[] {
    const result: ComposeString[] = [];
    for (const item of this.#sequence(entry?.value) ?? []) {
      const path = this.#mapping(item)?.get('path')?.value;
      const values = path === undefined ? [item] : (this.#sequence(path) ?? [path]);
      for (const value of values) {
        const include = this.#composeString(value);
        if (include !== null) result.push(include);
      }
    }
    return result;
  }

  /** A mapping key as text (`1:` and `true:` as written); `null` for null and complex keys. */
  #keyName(key: Node | null): string | null {
    return isScalar(key) ? this.#text(key) : null;
  }

  // ─── Locations ───────────────────────────────────────────────────────────────

  #location(node: Node | null): Location {
    const range = node?.range;
    if (!range) return this.#source.location(0, 0);
    return this.#source.location(range[0], range[1]);
  }

  #problemAt(node: Node, message: string): void {
    this.#problems.push({ location: this.#location(node), message });
  }

  #problem(start: number, end: number, message: string): void {
    this.#problems.push({ location: this.#source.location(start, end), message });
  }

  #lineEnd(offset: number): number {
    const text = this.#source.text;
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline;
    return text[end - 1] === '\r' ? end - 1 : end;
  }
}

/** The parts of a short-form port, as Docker splits it; every part `null` when the value is unknown. */
function shortPort(spec: string | null): Pick<ComposePort, 'hostIp' | 'published' | 'target' | 'protocol'> {
  if (spec === null) return { hostIp: null, published: null, target: null, protocol: 'tcp' };
  const slash = spec.lastIndexOf('/');
  const protocol = slash === -1 ? 'tcp' : spec.slice(slash + 1);
  let rest = slash === -1 ? spec : spec.slice(0, slash);
  let hostIp: string | null = null;
  // `[::1]:8080:80`: a bracketed IPv6 address.
  const bracket = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  if (bracket !== null) {
    hostIp = bracket[1] ?? '';
    rest = bracket[2] ?? '';
  }
  const parts = rest.split(':');
  const target = parts.pop() ?? null;
  const published = parts.pop() ?? null;
  if (parts.length > 0) hostIp = parts.join(':');
  return { hostIp, published: published === '' ? null : published, target, protocol };
}

/** A document with nothing written in it (comments at most), as a trailing `---` leaves. */
function isEmptyDocument(document: Document.Parsed): boolean {
  const root = document.contents;
  return root === null || (isScalar(root) && root.value === null && root.range[0] === root.range[1]);
}

/**
 * What a key that is not a string is (`123`, `1.5`, `true`, `~`), as go-yaml types it; `null` for a
 * string or a merge key. Compose decodes with go-yaml and refuses a mapping with such a key.
 */
/** A node Compose refuses, and why. */
interface Refusal {
  node: Node;
  message: string;
}

/**
 * The keys of a mapping written twice. The library's own duplicate-key check compares each key with
 * every earlier one (30,000 services took 19 s); this one keeps a set per mapping.
 */
function duplicateKeys(map: YAMLMap): Refusal[] {
  const refusals: Refusal[] = [];
  const keys = new Set<string>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || isMergeKey(pair.key)) continue;
    const identity = `${typeof pair.key.value}:${String(pair.key.value)}`;
    if (keys.has(identity)) refusals.push({ node: pair.key, message: 'Map keys must be unique' });
    keys.add(identity);
  }
  return refusals;
}

/** A key Compose refuses: a list, a mapping, a number, a boolean or null. */
function refusedKey(key: unknown, text: string): Refusal | null {
  if (isMap(key) || isSeq(key)) return { node: key, message: 'a key must be a plain value, not a list or a mapping: Compose refuses the file' };
  const kind = nonStringKind(key);
  if (kind === null || !isScalar(key)) return null;
  const [start, end] = key.range ?? [0, 0];
  const written = text.slice(start, end);
  return { node: key, message: `the key ${written} is ${kind}, but Compose takes only strings as keys and refuses the file: quote it ("${written}")` };
}

function nonStringKind(key: unknown): string | null {
  if (!isScalar(key) || isMergeKey(key)) return null;
  if (typeof key.value === 'number' || typeof key.value === 'bigint') return 'a number';
  if (typeof key.value === 'boolean') return 'a boolean';
  return key.value === null ? 'null' : null;
}

/** Whether `inner` is written inside `outer`. */
function contains(outer: Node, inner: Node): boolean {
  const [start, end] = outer.range ?? [0, -1];
  const [innerStart, innerEnd] = inner.range ?? [0, -1];
  return start <= innerStart && innerEnd <= end;
}

function isMergeKey(key: unknown): boolean {
  // With `merge: true`, a plain `<<` key resolves to a symbol; a quoted "<<" stays a string.
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

// ─── CST scan ──────────────────────────────────────────────────────────────────

interface CommentToken {
  offset: number;
  source: string;
}

interface TokenSpan {
  offset: number;
  end: number;
}

/**
 * Comments and quoted scalars from the CST. Comments are taken from tokens rather than from the
 * nodes they get attached to, whose placement varies; `#` inside quotes and block scalars is text.
 */
/**
 * The file's YAML documents, and what only its concrete syntax tree shows. Each top-level token is
 * scanned and composed as the parser yields it, so the syntax tree, which is several times the size of
 * the text, is dropped as soon as its document is built.
 */
function composeDocuments(text: string): { documents: Document.Parsed[]; cst: SyntaxFacts } {
  const cst: SyntaxFacts = { comments: [], quotedScalars: [] };
  const composer = new Composer({ merge: true, logLevel: 'error', uniqueKeys: false });
  const documents: Document.Parsed[] = [];
  for (const token of new Parser().parse(text)) {
    scanToken(token, cst);
    append(documents, Array.from(composer.next(token)));
  }
  append(documents, Array.from(composer.end(true, text.length)));
  cst.comments.sort((a, b) => a.offset - b.offset);
  cst.quotedScalars.sort((a, b) => a.offset - b.offset);
  return { documents, cst };
}

interface SyntaxFacts {
  comments: CommentToken[];
  quotedScalars: TokenSpan[];
}

/** Adds the comments and quoted scalars under one token (walked without recursion: it may be deep). */
function scanToken(root: CST.Token, found: SyntaxFacts): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const item = pending.pop();
    if (Array.isArray(item)) {
      append(pending, item as unknown[]);
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const token = item as Record<string, unknown>;
    const { type, offset, source } = token;
    if (typeof offset === 'number' && typeof source === 'string') {
      if (type === 'comment') found.comments.push({ offset, source });
      if (type === 'double-quoted-scalar' || type === 'single-quoted-scalar') {
        found.quotedScalars.push({ offset, end: offset + source.length });
      }
    }
    for (const key in token) {
      const value = token[key];
      if (typeof value === 'object' && value !== null) pending.push(value);
    }
  }
}
