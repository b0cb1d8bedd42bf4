import { BackendPrerequisiteError } from '../backends/backend';
import { publishLocalCloud } from './cloud-env';
import { startLocalCloud, type LocalCloud } from './local-cloud';

declare global {
  var kataLocalCloud: LocalCloud | undefined;
}

const log = (line: string) => process.stderr.write(`[aws-basics-dojo] ${line}\n`);

export default async function globalSetup(): Promise<void> {
  // `npm run grade` and `npm run kata watch` start one local cloud and run Jest many times against
  // it. Only the Jest they spawn uses it: any other run (a test that runs `npm test` inside a test
  // process, which inherits KATA_LOCAL_CLOUD) starts its own, as it always has.
  if (process.env.KATA_LOCAL_CLOUD && process.env.KATA_LOCAL_CLOUD_OWNER === String(process.ppid)) return;
  try {
    const cloud = await startLocalCloud(log);
    globalThis.kataLocalCloud = cloud;
    publishLocalCloud(cloud.info);
    const { backend, backendEndpoint, gatewayUrl, region } = cloud.info;
    // The English words of this line are read by scripts/check-cleanup.mjs, whatever the language.
    log(`local AWS ready: ${backend} at ${backendEndpoint}, behind the gateway ${gatewayUrl} (region ${region})`);
  } catch (error) {
    if (error instanceof BackendPrerequisiteError) {
      // One clear message, not a stack trace: the learner has something to install or start.
      log(error.message);
      process.exit(1);
    }
    throw error;
  }
}
