import { BatchGetImageCommand, ECRClient } from '@aws-sdk/client-ecr';
import type { ContainerRuntime, RunnableImage } from '../container-runtime';
import type { ImageReference } from '../image-reference';
import { TaskStopped } from '../task-stopped';
import type { RoleCredentials } from './execution-role';

/**
 * The pull: BatchGetImage through the gateway as the execution role (so IAM decides), then the
 * runtime's image for the content the manifest's layer names.
 */
export async function pullImage(input: {
  image: ImageReference;
  /** The execution role's session; every task pulling from ECR has one. */
  credentials: RoleCredentials | undefined;
  gatewayUrl: string;
  runtime: ContainerRuntime;
}): Promise<RunnableImage> {
  const { image, runtime } = input;
  const failed = (detail: string) =>
    new TaskStopped(`CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image.ref}: ${detail}`, 'TaskFailedToStart');
  if (!image.ecr) {
    throw new TaskStopped(
      `CannotPullContainerError: the local cloud runs images pushed to its ECR only; ${image.ref} is not an ECR image. ` +
        'Push the sample with pushSampleImage(repositoryUri, tag) and use <repositoryUri>:<tag> as the container image.',
      'TaskFailedToStart',
    );
  }
  if (!input.credentials) throw new Error(`No execution role session to pull ${image.ref} with.`);
  const ecr = new ECRClient({ endpoint: input.gatewayUrl, region: image.region, credentials: input.credentials, maxAttempts: 1 });
  let manifest: { layers?: { digest?: string }[] } | undefined;
  let imageDigest = '';
  try {
    const answer = await ecr.send(new BatchGetImageCommand({
      registryId: image.registryId,
      repositoryName: image.repositoryName,
      imageIds: [image.tag ? { imageTag: image.tag } : { imageDigest: image.digest }],
    }));
    const found = answer.images?.[0];
    if (!found?.imageManifest) throw failed(`${image.ref}: not found`);
    imageDigest = found.imageId?.imageDigest ?? '';
    manifest = parseManifest(found.imageManifest);
  } catch (error) {
    if (error instanceof TaskStopped) throw error;
    const name = (error as Error).name;
    if (name === 'RepositoryNotFoundException') throw failed(`${image.ref}: not found (${(error as Error).message})`);
    throw failed(`unexpected status from the registry: ${name}: ${(error as Error).message}`);
  } finally {
    ecr.destroy();
  }
  const layerDigest = manifest?.layers?.[0]?.digest;
  const lookup = layerDigest ? await runtime.findImage(layerDigest) : undefined;
  if (!lookup?.ok) {
    throw failed(
      `the image ${imageDigest} is in ECR, but its content (layer ${layerDigest ?? 'unknown'}) is not available to the ${runtime.name} runtime. ` +
        (lookup?.reason.en ?? 'The local cloud runs images pushed with pushSampleImage on this machine; push the image again.'),
    );
  }
  return lookup.image;
}

function parseManifest(text: string): { layers?: { digest?: string }[] } | undefined {
  try {
    return JSON.parse(text) as { layers?: { digest?: string }[] };
  } catch {
    return undefined;
  }
}
