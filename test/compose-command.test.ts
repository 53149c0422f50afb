import { describe, expect, it } from 'vitest';
import type { CommandLine } from '../src/project/model.js';
import type { Range } from '../src/source.js';
import { loadCase } from './helpers/rule-tester.js';
import { tempTree } from './helpers/tmp.js';

const span = (range: Range): string => `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;

function summary(line: CommandLine | null): unknown {
  if (line === null) return null;
  return {
    exec: line.exec,
    text: line.text,
    commands: line.shell?.commands.map((command) => `${span(command.range)} ${[command.name, ...command.args.map((arg) => arg.value)].join(' ')}`) ?? null,
  };
}

describe('compose command lines', () => {
  it('reads the string form and the list form, with exact positions where the text is verbatim', async () => {
    const compose = [
      'services:', // 1
      '  plain:',
      '    image: python:3.12',
      '    command: pip install -r requirements.txt && exec gunicorn app:app',
      '  quoted:', // 5
      '    image: python:3.12',
      '    command: "sh -c \'pip install x && python app.py\'"',
      '  listed:',
      '    image: python:3.12',
      '    entrypoint: ["/bin/sh", "-ec", "npm ci && exec node server.js"]', // 10
      '    command: ["--port", "3000"]',
      '  folded:',
      '    image: node:22',
      '    command: >',
      '      npm install', // 15
      '      && npm start',
      '  argv:',
      '    image: node:22',
      '    command:',
      '      - node', // 20
      '      - server.js',
      '',
    ].join('\n');
    const project = await loadCase(tempTree({ 'compose.yaml': compose }));
    const byName = new Map(project.services.map((resolved) => [resolved.service.name, resolved]));
    expect(summary(byName.get('plain')?.commandLine ?? null)).toEqual({
      exec: null,
      text: 'pip install -r requirements.txt && exec gunicorn app:app',
      commands: ['4:14-4:45 pip install -r requirements.txt', '4:49-4:70 gunicorn app:app'],
    });
    expect(summary(byName.get('quoted')?.commandLine ?? null)).toEqual({
      exec: null,
      text: "sh -c 'pip install x && python app.py'",
      commands: ['7:22-7:35 pip install x', '7:39-7:52 python app.py'],
    });
    expect(summary(byName.get('listed')?.entrypointLine ?? null)).toEqual({
      exec: ['/bin/sh', '-ec', 'npm ci && exec node server.js'],
      text: '/bin/sh -ec npm ci && exec node server.js',
      commands: ['10:37-10:43 npm ci', '10:47-10:66 node server.js'],
    });
    expect(summary(byName.get('listed')?.commandLine ?? null)).toEqual({ exec: ['--port', '3000'], text: '--port 3000', commands: null });
    // Folded: the value is not written verbatim, so every command is located at the whole value.
    expect(summary(byName.get('folded')?.commandLine ?? null)).toEqual({
      exec: null,
      text: 'npm install && npm start\n',
      commands: ['14:14-17:1 npm install', '14:14-17:1 npm start'],
    });
    expect(summary(byName.get('argv')?.commandLine ?? null)).toEqual({ exec: ['node', 'server.js'], text: 'node server.js', commands: null });
    expect(byName.get('argv')?.entrypointLine).toBeNull();
  });

  it('parses commands of a compose-only project (no Dockerfile or script loaded the parser)', async () => {
    const project = await loadCase(tempTree({ 'docker-compose.yml': 'services:\n  app:\n    image: node:22\n    command: npm ci\n' }));
    expect(summary(project.services[0]?.commandLine ?? null)).toEqual({ exec: null, text: 'npm ci', commands: ['4:14-4:20 npm ci'] });
  });

  it('takes the command of an override file, located there', async () => {
    const project = await loadCase(
      tempTree({
        'compose.yaml': 'services:\n  app:\n    image: node:22\n    command: npm start\n',
        'compose.override.yaml': 'services:\n  app:\n    command: ["sh", "-c", "npm install && npm start"]\n',
      }),
    );
    const line = project.services[0]?.commandLine ?? null;
    expect(summary(line)).toEqual({
      exec: ['sh', '-c', 'npm install && npm start'],
      text: 'sh -c npm install && npm start',
      commands: ['3:28-3:39 npm install', '3:43-3:52 npm start'],
    });
  });
});
