import { buildSampleImage, type BuildOptions } from './build-sample-image';
import { pushImage, type PushedImage, type PushTarget } from './push-image';
import { parseRepositoryUri } from './repository-uri';

/** Builds the sample image (reusing a staged build of the same content) and pushes it. */
export async function pushSampleImage(target: PushTarget, build: BuildOptions = {}): Promise<PushedImage> {
  parseRepositoryUri(target.repositoryUri); // a malformed URI fails before any npm ci
  return pushImage(await buildSampleImage(build), target);
}
