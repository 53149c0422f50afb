/**
 * Conformance with BuildKit's Dockerfile parser (frontend/dockerfile/parser, its shell lexer and
 * dockerfile2llb's RUN dispatch): what it reads as a heredoc, what it refuses and what it builds. Cases
 * are written from the upstream code's behaviour; each group names it. `parse-error` must report exactly
 * what BuildKit refuses, so "builds" cases expect no problem at all.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/project/dockerfile/index.js';
import type { DockerfileOptions } from '../../src/project/dockerfile/index.js';
import type { DockerfileDoc, RunInstruction } from '../../src/project/model.js';
import { SourceFile } from '../../src/source.js';
import { loadCase } from '../helpers/rule-tester.js';
import { tempTree } from '../helpers/tmp.js';

const CURRENT: DockerfileOptions = {};
const DOCKER_20_10: DockerfileOptions = { engine: [20, 10] };

function parse(lines: string[], options: DockerfileOptions = CURRENT, shellSeen: string[] = []): DockerfileDoc {
  return parseDockerfile(new SourceFile('Dockerfile', lines.join('\n')), (text) => {
    shellSeen.push(text);
    return { commands: [], assignments: [], errors: [], comments: [] };
  }, options);
}

const heredocNames = (doc: DockerfileDoc): string[][] =>
  doc.instructions.filter((instruction): instruction is RunInstruction => instruction.keyword === 'RUN').map((run) => run.heredocs.map((heredoc) => heredoc.name));
const messages = (doc: DockerfileDoc): string[] => doc.problems.map((problem) => problem.message);

describe('heredocsFromLine: which words open a heredoc', () => {
  describe('frontend ≥ 1.16 (processPossibleHeredoc glues the blanks after `<<` to the next word)', () => {
    it.each<[string, string[]]>([
      ['RUN << EOF', ['EOF']],
      ['RUN <<  EOF  > /out', ['EOF']],
      ["RUN cat <<\t'EOF'", ['EOF']],
      ['RUN 3<< EOF cat', ['EOF']],
      ['RUN <<EOF', ['EOF']],
      ['RUN <<-EOF', ['EOF']],
    ])('%j opens %j', (line, names) => {
      const doc = parse(['FROM scratch', line, ...names, 'RUN true']);
      expect(messages(doc)).toEqual([]);
      expect(heredocNames(doc)).toEqual([names, []]);
    });

    it('`<<- EOF` is no heredoc: the lexer stops the word `<<-` at the blank (so its body lines are instructions)', () => {
      const doc = parse(['FROM scratch', 'RUN cat <<- EOF > /out', 'hello', 'EOF']);
      expect(messages(doc)[0]).toBe(
        'Docker does not read "<<- EOF" (space after <<-) as a heredoc, so the lines up to EOF would become instructions: write <<-EOF',
      );
    });

    it('a spaced heredoc without its delimiter line is unterminated, as BuildKit refuses it', () => {
      expect(messages(parse(['FROM scratch', 'RUN cat << EOF', 'RUN true']))).toEqual(['unterminated heredoc: no line EOF ends it']);
    });

    it('quoted `<<` is no operator (RawQuotes keeps the quotes in the word)', () => {
      const doc = parse(['FROM scratch', 'RUN echo "<<" EOF']);
      expect(heredocNames(doc)).toEqual([[]]);
      expect(messages(doc)).toEqual([]);
    });
  });

  describe('frontend < 1.16 (Docker Engine before 28.2, or `# syntax=docker/dockerfile:1.15` and older)', () => {
    it('`<< EOF` is two words and no heredoc: reported where its delimiter line shows it was meant', () => {
      const doc = parse(['FROM scratch', 'RUN << EOF', 'echo hi', 'EOF'], DOCKER_20_10);
      expect(messages(doc)).toEqual([
        'This Dockerfile frontend (before 1.16, built into Docker Engine 28.2) does not read "<< EOF" (space after <<) as a heredoc, so the lines up to EOF would become instructions: write <<EOF',
      ]);
    });

    it('a `# syntax=` line names the frontend whatever the engine', () => {
      const old = ['# syntax=docker/dockerfile:1.4', 'FROM scratch', 'RUN << EOF', 'echo hi', 'EOF'];
      expect(messages(parse(old))).toHaveLength(1);
      const current = ['# syntax=docker/dockerfile:1', 'FROM scratch', 'RUN << EOF', 'echo hi', 'EOF'];
      expect(messages(parse(current, DOCKER_20_10))).toEqual([]);
    });
  });
});

describe('dispatchRun: a heredoc script with `#!` runs that interpreter, judged on the body before tabs are chomped', () => {
  it('an unindented `#!/bin/awk -f` is not shell', () => {
    const seen: string[] = [];
    parse(['FROM scratch', 'RUN <<-EOF', '#!/bin/awk -f', 'BEGIN { print 1 }', 'EOF'], CURRENT, seen);
    expect(seen).toEqual([]);
  });

  it('a tab-indented one under `<<-` is no shebang (HasPrefix on the raw body): /bin/sh runs the chomped script', () => {
    const seen: string[] = [];
    parse(['FROM scratch', 'RUN <<-EOF', '\t#!/bin/awk -f', '\tBEGIN { print 1 }', 'EOF'], CURRENT, seen);
    expect(seen).toHaveLength(1);
  });
});

describe('dockerfile2llb: duplicate stage names build (its DuplicateStageName check only warns)', () => {
  it('is no parse problem', () => {
    expect(messages(parse(['FROM scratch AS b', 'FROM scratch AS b']))).toEqual([]);
  });

  it('a later reference by name is to the last stage of that name (statesByName keeps the last)', async () => {
    const project = await loadCase(tempTree({ Dockerfile: 'FROM alpine AS b\nFROM debian AS b\nFROM b AS c\nCOPY --from=b /x /x\n' }));
    const [dockerfile] = project.dockerfiles;
    const c = dockerfile?.stages[2];
    if (dockerfile === undefined || c === undefined) throw new Error('not parsed');
    const second = dockerfile.stages[1];
    expect(project.graph.parentOf(dockerfile, c)).toMatchObject({ kind: 'stage', stage: second });
    expect(project.graph.resolveFrom(dockerfile, c, 'b')).toMatchObject({ kind: 'stage', stage: second });
  });
});

describe('parseMaybeJSON: CMD and ENTRYPOINT that are not a JSON array are shell form, run only when a container starts', () => {
  const problems = async (dockerfile: string): Promise<string[]> =>
    (await loadCase(tempTree({ Dockerfile: dockerfile }))).problems.map((problem) => problem.message);

  it.each([
    'CMD ["echo", "look ma, no quote!]',
    "ENTRYPOINT echo 'unclosed",
    'CMD ["sh", "-c", "echo \'unclosed"]',
  ])('%s builds: no parse problem', async (line) => {
    expect(await problems(`FROM scratch\n${line}\n`)).toEqual([]);
  });

  it('a RUN with the same shell error fails its build step, so it is still reported', async () => {
    expect(await problems('FROM scratch\nRUN echo \'unclosed\n')).toHaveLength(1);
  });
});
