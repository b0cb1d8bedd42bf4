import { sha256Digest, type ImageContent } from './image-content';

export const MANIFEST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_MEDIA_TYPE = 'application/vnd.docker.container.image.v1+json';
/**
 * The one layer is the image content's canonical serialization, not a filesystem tarball: the
 * process runtime runs the staged folder, and this blob's digest *is* the content digest, which
 * names that folder (.dojo/images/<hex>/). A media type of our own says so honestly.
 */
export const LAYER_MEDIA_TYPE = 'application/vnd.aws-basics-dojo.image.content.v1';

export interface Blob {
  digest: string;
  bytes: Buffer;
}

export interface ImageManifest {
  config: Blob;
  layer: Blob;
  /** The manifest as pushed; its sha256 is the image digest, as ECR and Docker compute it. */
  text: string;
  imageDigest: string;
}

/** A Docker v2 manifest that depends only on the content (no timestamps, host or paths). */
export function imageManifest(content: ImageContent): ImageManifest {
  const layer: Blob = { digest: content.digest, bytes: content.bytes };
  const configBytes = Buffer.from(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
  }));
  const config: Blob = { digest: sha256Digest(configBytes), bytes: configBytes };
  const text = JSON.stringify({
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPE,
    config: { mediaType: CONFIG_MEDIA_TYPE, size: config.bytes.length, digest: config.digest },
    layers: [{ mediaType: LAYER_MEDIA_TYPE, size: layer.bytes.length, digest: layer.digest }],
  });
  return { config, layer, text, imageDigest: sha256Digest(text) };
}
