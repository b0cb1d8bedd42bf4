import { buildSampleImage } from '../images/build-sample-image';
import { readImageContent } from '../images/image-content';
import { imageManifest } from '../images/image-manifest';

/**
 * The image digest ECR shows for the sample app when pushSampleImage pushes it: the sha256 of the
 * manifest derived from the harness's own build (the staged image's files), computed here and
 * not read back from ECR, so a kata can check what DescribeImages answers against it.
 */
export async function sampleImageDigest(): Promise<string> {
  const built = await buildSampleImage();
  return imageManifest(await readImageContent(built.dir)).imageDigest;
}
