import { defineRule, type Report } from '../engine/rule.js';
import { downloadedInstaller } from '../vocabulary/commands.js';
import { projectRuns } from '../vocabulary/runs.js';

export default defineRule({
  id: 'no-curl-pipe-shell',
  description: 'A RUN does not run a downloaded script unverified (`curl … | sh`, `sh -c "$(curl …)"`, `bash <(wget …)`)',
  kind: 'general',
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    unverifiedScript: {
      message: '`{{installer}}` runs whatever the server sends, unchecked, as the build user.',
      help: 'Download to a file, check it (`echo "<sha256>  install.sh" | sha256sum -c -`), then run it; or `ADD --checksum=sha256:<hash> URL`.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { dockerfile, script } of projectRuns(project)) {
      for (const command of script.commands) {
        const installer = downloadedInstaller(command, script);
        if (installer === null) continue;
        reports.push({
          messageId: 'unverifiedScript',
          data: { installer: installer.manager },
          location: { file: dockerfile.source.path, range: command.range },
        });
      }
    }
    return reports;
  },
});
