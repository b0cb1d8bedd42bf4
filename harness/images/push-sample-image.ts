import { defaultDocker } from './docker-daemon';
import { buildDockerImage } from './docker-image';
import { buildSampleImage, type BuildOptions } from './build-sample-image';
import { pushImage, type PushedImage, type PushTarget } from './push-image';
import { parseRepositoryUri } from './repository-uri';

export interface SampleBuildOptions extends BuildOptions {
  /**
   * Also `docker build` the image (the Docker runtime's image of this content), so a build
   * problem shows at the push, as `docker build` before `docker push` in the article.
   */
  docker?: boolean;
}

/** Builds the sample image (reusing a build of the same content) and pushes it. */
export async function pushSampleImage(target: PushTarget, build: SampleBuildOptions = {}): Promise<PushedImage> {
  parseRepositoryUri(target.repositoryUri); // a malformed URI fails before any npm ci
  const staged = await buildSampleImage(build);
  if (build.docker) await buildDockerImage(defaultDocker(), staged.dir);
  return pushImage(staged, target);
}
