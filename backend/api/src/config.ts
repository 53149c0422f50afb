/** API settings, read once from the environment. */
export interface ApiConfig {
  host: string;
  port: number;
  /** Base URL of the pose service, e.g. `http://pose-service:8000`. */
  poseServiceUrl: URL;
  /** How long to wait for the pose service before answering 504. */
  poseTimeoutMs: number;
}

export class ConfigError extends Error {}

function parsePort(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`${name} must be a port number (0-65535), got "${text}"`);
  }
  return port;
}

export function readConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const poseUrlText = env['POSE_SERVICE_URL'];
  if (poseUrlText === undefined || poseUrlText === '') {
    throw new ConfigError('POSE_SERVICE_URL is required, e.g. http://pose-service:8000');
  }
  let poseServiceUrl: URL;
  try {
    poseServiceUrl = new URL(poseUrlText);
  } catch {
    throw new ConfigError(`POSE_SERVICE_URL is not a URL: "${poseUrlText}"`);
  }
  if (poseServiceUrl.protocol !== 'http:' && poseServiceUrl.protocol !== 'https:') {
    throw new ConfigError(`POSE_SERVICE_URL must be http or https, got "${poseServiceUrl.protocol}"`);
  }
  const timeoutText = env['POSE_TIMEOUT_MS'];
  const poseTimeoutMs = timeoutText === undefined || timeoutText === '' ? 10_000 : Number(timeoutText);
  if (!Number.isInteger(poseTimeoutMs) || poseTimeoutMs <= 0) {
    throw new ConfigError(`POSE_TIMEOUT_MS must be a positive integer, got "${timeoutText ?? ''}"`);
  }
  return {
    host: env['HOST'] ?? '0.0.0.0',
    port: parsePort('PORT', env['PORT'], 3000),
    poseServiceUrl,
    poseTimeoutMs,
  };
}
