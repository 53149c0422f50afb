import rule from '../../src/rules/compose-gpu-reservation.js';
import { ruleTests } from '../helpers/rule-tester.js';

const CUDA = 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n';
const ALPINE = 'FROM alpine:3.20\n';
const reservation = (device: string): string =>
  `    deploy:\n      resources:\n        reservations:\n          devices:\n${device
    .split('\n')
    .map((line, index) => `            ${index === 0 ? '- ' : '  '}${line}`)
    .join('\n')}\n`;

const legacyAfterFix = `services:
  base-python-pose:
    profiles: [base]
    image: base-python-pose:latest
    build: backend/docker/base-python-pose

  pose-service:
    build: backend/pose-service
    deploy:  # the pose models need CUDA
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: all
              capabilities: [gpu]
    environment:
      NVIDIA_VISIBLE_DEVICES: all
    shm_size: 8gb

  renderer:
    build: backend/renderer
    deploy:
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: 1
              capabilities: [gpu, utility]
    restart: unless-stopped
`;

ruleTests(rule, {
  valid: [
    { name: 'a GPU service with a reservation by device id, a base exempt, services without GPU', fixture: 'fixtures/compose-gpu-reservation/reserved' },
    { name: 'the same with the GPU service also listed in gpuServices', fixture: 'fixtures/compose-gpu-reservation/reserved', settings: { gpuServices: ['pose-service'] } },
    {
      name: 'a GPU service found through gpuImages, reserving count: all',
      files: {
        'compose.yaml': `services:\n  llm:\n    image: ghcr.io/acme/llm-server:2.1\n${reservation('driver: nvidia\ncount: all\ncapabilities: [gpu]')}`,
      },
      settings: { gpuImages: ['ghcr.io/acme/llm-*'] },
    },
    {
      name: 'a CUDA chain behind an unset build target is not guessed',
      files: { 'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      target: ${TARGET}\n', 'app/Dockerfile': `${CUDA.trim()} AS gpu\nFROM alpine:3.20 AS cpu\n` },
    },
    {
      name: 'a count from a variable is not judged',
      files: { 'compose.yaml': `services:\n  app:\n    build: app\n${reservation('driver: nvidia\ncount: ${GPU_COUNT}\ncapabilities: [gpu]')}`, 'app/Dockerfile': CUDA },
    },
  ],
  invalid: [
    {
      name: 'no reservation, driver amd, count with device_ids, and Redis reserving a GPU',
      fixture: 'fixtures/compose-gpu-reservation/gpu-mistakes',
      errors: [
        {
          messageId: 'missingReservation',
          data: {
            service: 'trainer',
            reason: 'its image derives from nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04',
            block: 'deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}',
          },
          file: 'compose.yaml',
          line: 8,
          column: 3,
          related: [{ file: 'docker/base-cuda/Dockerfile', line: 1, column: 6 }],
        },
        {
          messageId: 'wrongDriver',
          data: { service: 'inference', driver: 'amd', reason: 'its image derives from pytorch/pytorch:2.4.1-cuda12.1-cudnn9-runtime' },
          file: 'compose.yaml',
          line: 20,
          column: 23,
          related: [{ file: 'compose.yaml', line: 14, column: 12 }],
        },
        { messageId: 'unneededReservation', data: { service: 'redis', what: 'a device reservation' }, file: 'compose.yaml', line: 43, column: 15 },
      ],
    },
    {
      name: 'runtime: nvidia and the gpus: shorthand become deploy blocks, indentation and comment kept',
      fixture: 'fixtures/compose-gpu-reservation/legacy-runtime',
      errors: [
        { messageId: 'legacyRuntime', data: { service: 'pose-service', block: 'deploy: {resources: {reservations: {devices: [{driver: nvidia, count: all, capabilities: [gpu]}]}}}' }, file: 'docker-compose.yml', line: 9, column: 14 },
        { messageId: 'legacyGpus', data: { service: 'renderer', block: 'deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu, utility]}]}}}' }, file: 'docker-compose.yml', line: 17, column: 7 },
      ],
      output: { 'docker-compose.yml': legacyAfterFix },
    },
    {
      name: 'runtime: nvidia with listed devices, four-space indentation, CRLF line ends',
      files: {
        'compose.yaml': 'services:\r\n    cuda:\r\n        build: cuda\r\n        runtime: "nvidia"\r\n        environment:\r\n            - NVIDIA_VISIBLE_DEVICES=0,1\r\n',
        'cuda/Dockerfile': CUDA,
      },
      errors: [{ messageId: 'legacyRuntime', file: 'compose.yaml', line: 4, column: 18 }],
      output: {
        'compose.yaml':
          'services:\r\n    cuda:\r\n        build: cuda\r\n        deploy:\r\n            resources:\r\n                reservations:\r\n                    devices:\r\n                        - driver: nvidia\r\n                          device_ids: ["0", "1"]\r\n                          capabilities: [gpu]\r\n        environment:\r\n            - NVIDIA_VISIBLE_DEVICES=0,1\r\n',
      },
    },
    {
      name: 'both legacy spellings: gpus: all becomes the block, runtime goes',
      files: { 'compose.yaml': 'services:\n  app:\n    build: app\n    runtime: nvidia\n    gpus: all\n    restart: always\n', 'app/Dockerfile': CUDA },
      errors: [
        { messageId: 'legacyRuntime', data: { service: 'app', block: 'deploy: {resources: {reservations: {devices: [{driver: nvidia, count: all, capabilities: [gpu]}]}}}' }, file: 'compose.yaml', line: 4, column: 14 },
        { messageId: 'legacyGpus', file: 'compose.yaml', line: 5, column: 11 },
      ],
      output: {
        'compose.yaml':
          'services:\n  app:\n    build: app\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: all\n              capabilities: [gpu]\n    restart: always\n',
      },
    },
    {
      name: 'a legacy key next to a valid reservation is removed',
      files: { 'compose.yaml': `services:\n  app:\n    build: app\n    runtime: nvidia\n${reservation('driver: nvidia\ncount: 1\ncapabilities: [gpu]')}`, 'app/Dockerfile': CUDA },
      errors: [{ messageId: 'redundantLegacy', data: { service: 'app', what: '`runtime: nvidia`' }, file: 'compose.yaml', line: 4, column: 14 }],
      output: { 'compose.yaml': `services:\n  app:\n    build: app\n${reservation('driver: nvidia\ncount: 1\ncapabilities: [gpu]')}` },
    },
    {
      name: 'a legacy key next to a deploy block without devices is reported, not fixed',
      files: { 'compose.yaml': 'services:\n  app:\n    build: app\n    runtime: nvidia\n    deploy:\n      resources:\n        limits:\n          memory: 8g\n', 'app/Dockerfile': CUDA },
      errors: [{ messageId: 'legacyRuntime', file: 'compose.yaml', line: 4, column: 14 }],
    },
    {
      name: 'device checks: no gpu capability, no driver, no count, count 0, two',
      files: {
        'compose.yaml': [
          'services:',
          '  a:',
          '    build: gpu',
          reservation('driver: nvidia\ncount: 1\ncapabilities: [compute]').trimEnd(),
          '  b:',
          '    build: gpu',
          reservation('count: 1\ncapabilities: [gpu]').trimEnd(),
          '  c:',
          '    build: gpu',
          reservation('driver: nvidia\ncapabilities: [gpu]').trimEnd(),
          '  d:',
          '    build: gpu',
          reservation('driver: nvidia\ncount: 0\ncapabilities: [gpu]').trimEnd(),
          '  e:',
          '    build: gpu',
          reservation('driver: nvidia\ncount: two\ncapabilities: [gpu]').trimEnd(),
          '',
        ].join('\n'),
        'gpu/Dockerfile': CUDA,
      },
      errors: [
        { messageId: 'noGpuCapability', data: { service: 'a', reason: 'its image derives from nvidia/cuda:12.4.1-runtime-ubuntu22.04' }, file: 'compose.yaml', line: 10, column: 29 },
        { messageId: 'missingDriver', data: { service: 'b' }, file: 'compose.yaml', line: 17, column: 15 },
        { messageId: 'missingCount', data: { service: 'c' }, file: 'compose.yaml', line: 25, column: 15 },
        { messageId: 'badCount', data: { service: 'd', count: '0' }, file: 'compose.yaml', line: 34, column: 22 },
        { messageId: 'badCount', data: { service: 'e', count: 'two' }, file: 'compose.yaml', line: 43, column: 22 },
      ],
    },
    {
      name: 'a local base image named in gpuImages, on the chain of the service and of an image-only service',
      files: {
        'compose.yaml': 'services:\n  app:\n    build: app\n  tool:\n    image: base-gpu:latest\n',
        'docker/base-gpu/Dockerfile': 'FROM ubuntu:24.04 AS gpu\n',
        'app/Dockerfile': 'FROM base-gpu:latest AS build\nFROM build AS runtime\n',
      },
      settings: { gpuImages: ['base-gpu'] },
      errors: [
        { messageId: 'missingReservation', data: { service: 'app', reason: 'its image derives from base-gpu:latest', block: 'deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}' }, file: 'compose.yaml', line: 2, column: 3, related: [{ file: 'app/Dockerfile', line: 1, column: 6 }] },
        { messageId: 'missingReservation', data: { service: 'tool', reason: 'its image derives from base-gpu:latest', block: 'deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}' }, file: 'compose.yaml', line: 4, column: 3, related: [{ file: 'compose.yaml', line: 5, column: 12 }] },
      ],
    },
    {
      name: 'needs from gpuServices and CUDA_VISIBLE_DEVICES; no need for runtime: nvidia and gpus on a CPU image',
      files: {
        'compose.yaml': [
          'services:',
          '  listed:',
          '    build: cpu',
          '  visible:',
          '    image: python:3.12-slim',
          '    environment:',
          '      - CUDA_VISIBLE_DEVICES',
          '  legacy-cpu:',
          '    build: cpu',
          '    runtime: nvidia',
          '  shorthand-cpu:',
          '    image: nginx:1.27-alpine',
          '    gpus: all',
          '',
        ].join('\n'),
        'cpu/Dockerfile': ALPINE,
      },
      settings: { gpuServices: ['listed'] },
      errors: [
        { messageId: 'missingReservation', data: { service: 'listed', reason: 'it is listed in the gpuServices setting', block: 'deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}' }, file: 'compose.yaml', line: 2, column: 3 },
        { messageId: 'missingReservation', data: { service: 'visible', reason: 'it sets CUDA_VISIBLE_DEVICES', block: 'deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}' }, file: 'compose.yaml', line: 4, column: 3, related: [{ file: 'compose.yaml', line: 7 }] },
        { messageId: 'unneededReservation', data: { service: 'legacy-cpu', what: '`runtime: nvidia`' }, file: 'compose.yaml', line: 10, column: 14 },
        { messageId: 'unneededReservation', data: { service: 'shorthand-cpu', what: '`gpus:`' }, file: 'compose.yaml', line: 13, column: 11 },
      ],
    },
  ],
});
