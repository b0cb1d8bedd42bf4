import {
  BatchCheckLayerAvailabilityCommand,
  CompleteLayerUploadCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  InitiateLayerUploadCommand,
  PutImageCommand,
  UploadLayerPartCommand,
} from '@aws-sdk/client-ecr';
import type { BuiltImage } from './build-sample-image';
import { readImageContent } from './image-content';
import { ImagePipelineError } from './image-error';
import { imageManifest, MANIFEST_MEDIA_TYPE, type Blob } from './image-manifest';
import { parseRepositoryUri, type RepositoryRef } from './repository-uri';

export interface PushCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface PushTarget {
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>` */
  repositoryUri: string;
  tag: string;
  /** The gateway, so IAM is enforced for callers that are not an account root. */
  endpoint: string;
  credentials: PushCredentials;
}

export interface PushedImage {
  repositoryUri: string;
  tag: string;
  /** `sha256:<hex>` of the manifest, as DescribeImages shows it; a pure function of the content. */
  imageDigest: string;
}

/**
 * Pushes a built image the way `docker push` does: GetAuthorizationToken (docker login), then
 * for each blob (config and layer) BatchCheckLayerAvailability and, if missing, InitiateLayerUpload
 * / UploadLayerPart / CompleteLayerUpload, then PutImage with the manifest. AccessDenied and
 * other AWS errors reach the caller as the SDK threw them; a missing repository is explained.
 */
export async function pushImage(image: BuiltImage, target: PushTarget): Promise<PushedImage> {
  const repository = parseRepositoryUri(target.repositoryUri);
  const manifest = imageManifest(await readImageContent(image.dir));
  if (manifest.layer.digest !== image.digest) {
    throw new ImagePipelineError({
      en: `The staged image ${image.dir} no longer matches its digest ${image.digest} (its files now hash to ${manifest.layer.digest}). ` +
        'Staged images must not be edited: delete that folder and build again.',
      ja: `ステージ済みイメージ ${image.dir} がダイジェスト ${image.digest} と一致しません(現在のファイルは ${manifest.layer.digest})。` +
        'ステージ済みイメージは編集しないでください。そのフォルダーを削除して、もう一度ビルドしてください。',
    });
  }
  const ecr = new ECRClient({ endpoint: target.endpoint, region: repository.region, credentials: target.credentials, maxAttempts: 2 });
  const where = { registryId: repository.registryId, repositoryName: repository.repositoryName };
  try {
    await ecr.send(new GetAuthorizationTokenCommand({}));
    for (const blob of [manifest.config, manifest.layer]) await uploadBlobIfMissing(ecr, where, blob);
    const answer = await ecr.send(new PutImageCommand({
      ...where,
      imageTag: target.tag,
      imageManifest: manifest.text,
      imageManifestMediaType: MANIFEST_MEDIA_TYPE,
      imageDigest: manifest.imageDigest,
    }));
    return { repositoryUri: repository.uri, tag: target.tag, imageDigest: answer.image?.imageId?.imageDigest ?? manifest.imageDigest };
  } catch (error) {
    // Pushing the same content under the same tag again is a no-op for docker push too.
    if ((error as Error).name === 'ImageAlreadyExistsException') return { repositoryUri: repository.uri, tag: target.tag, imageDigest: manifest.imageDigest };
    if ((error as Error).name === 'RepositoryNotFoundException') throw repositoryNotFound(repository, error);
    throw error;
  } finally {
    ecr.destroy();
  }
}

async function uploadBlobIfMissing(ecr: ECRClient, where: { registryId: string; repositoryName: string }, blob: Blob): Promise<void> {
  const check = await ecr.send(new BatchCheckLayerAvailabilityCommand({ ...where, layerDigests: [blob.digest] }));
  if (check.layers?.some((layer) => layer.layerDigest === blob.digest && layer.layerAvailability === 'AVAILABLE')) return;

  const { uploadId, partSize } = await ecr.send(new InitiateLayerUploadCommand(where));
  const size = partSize && partSize > 0 ? partSize : blob.bytes.length;
  for (let first = 0; first < blob.bytes.length; first += size) {
    const part = blob.bytes.subarray(first, first + size);
    await ecr.send(new UploadLayerPartCommand({ ...where, uploadId, partFirstByte: first, partLastByte: first + part.length - 1, layerPartBlob: part }));
  }
  const done = await ecr.send(new CompleteLayerUploadCommand({ ...where, uploadId, layerDigests: [blob.digest] }));
  if (done.layerDigest && done.layerDigest !== blob.digest) {
    throw new ImagePipelineError({
      en: `ECR computed ${done.layerDigest} for a blob the dojo sent as ${blob.digest} (${blob.bytes.length} bytes, repository ${where.repositoryName}). ` +
        'The upload was altered on the way; this is a harness or backend problem: report it with this message.',
      ja: `dojo が ${blob.digest} として送った blob(${blob.bytes.length} バイト、リポジトリ ${where.repositoryName})を ECR は ${done.layerDigest} と計算しました。` +
        'アップロード途中で内容が変わっています。ハーネスかバックエンドの問題なので、このメッセージを添えて報告してください。',
    });
  }
}

function repositoryNotFound(repository: RepositoryRef, cause: unknown): ImagePipelineError {
  const { repositoryName, registryId, region } = repository;
  return new ImagePipelineError({
    en: `Cannot push to ${repository.uri}: ECR has no repository "${repositoryName}" in account ${registryId}, region ${region} (RepositoryNotFoundException). ` +
      `Create it first, e.g. ecr.send(new CreateRepositoryCommand({ repositoryName: '${repositoryName}' })) with a client in ${region}, ` +
      'and push to the repositoryUri it returns.',
    ja: `${repository.uri} にプッシュできません: アカウント ${registryId}、リージョン ${region} に ECR リポジトリ "${repositoryName}" がありません(RepositoryNotFoundException)。` +
      `先に作成してください。例: ${region} のクライアントで ecr.send(new CreateRepositoryCommand({ repositoryName: '${repositoryName}' }))。` +
      'そして返された repositoryUri にプッシュします。',
  }, { cause });
}
