import { parseRepositoryUri } from '../images/repository-uri';

/** A container definition's `image`, read as an ECR reference when it is one. */
export interface ImageReference {
  ecr: boolean;
  ref: string;
  region: string;
  registryId: string;
  repositoryName: string;
  tag?: string;
  digest?: string;
}

/** `<acct>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]`; anything else is not ECR. */
export function parseImage(ref: string): ImageReference {
  const notEcr: ImageReference = { ecr: false, ref, region: '', registryId: '', repositoryName: '' };
  const at = ref.indexOf('@');
  let repository = ref;
  let tag: string | undefined;
  let digest: string | undefined;
  if (at >= 0) {
    repository = ref.slice(0, at);
    digest = ref.slice(at + 1);
  } else {
    const colon = ref.lastIndexOf(':');
    if (colon > ref.lastIndexOf('/')) {
      repository = ref.slice(0, colon);
      tag = ref.slice(colon + 1);
    } else {
      tag = 'latest';
    }
  }
  try {
    const parsed = parseRepositoryUri(repository);
    return { ecr: true, ref, region: parsed.region, registryId: parsed.registryId, repositoryName: parsed.repositoryName, ...(tag && { tag }), ...(digest && { digest }) };
  } catch {
    return notEcr;
  }
}
