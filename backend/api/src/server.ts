/** Entry point (`node dist/server.js`): reads the environment, listens, shuts down on SIGTERM. */
import { ConfigError, readConfig } from './config.js';
import { createApiServer } from './app.js';

function main(): void {
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const server = createApiServer(config);
  server.listen(config.port, config.host, () => {
    console.log(`api listening on ${config.host}:${config.port}, pose service at ${config.poseServiceUrl.href}`);
  });
  // The process is PID 1 in its container: handle the stop signals itself so `docker stop` is quick.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
}

main();
