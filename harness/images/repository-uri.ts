import { ImagePipelineError } from './image-error';

export interface RepositoryRef {
  uri: string;
  /** The registry: the 12-digit account id the URI names. */
  registryId: string;
  region: string;
  repositoryName: string;
}

// ECR's rule for repository names (CreateRepository's repositoryName pattern), in lower case.
const NAME = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
const URI = new RegExp(`^(\\d{12})\\.dkr\\.ecr\\.([a-z]{2}(?:-[a-z]+)+-\\d)\\.amazonaws\\.com(?:\\.cn)?/(${NAME})$`);

/** Parses `<account>.dkr.ecr.<region>.amazonaws.com/<name>`, the repositoryUri ECR returns. */
export function parseRepositoryUri(uri: string): RepositoryRef {
  const match = URI.exec(uri.trim());
  if (!match) {
    const hint = repositoryUriHint(uri);
    throw new ImagePipelineError({
      en: `"${uri}" is not an ECR repository URI. The form is <12-digit account>.dkr.ecr.<region>.amazonaws.com/<repository name>, ` +
        `e.g. 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/my-repo. ${hint.en}` +
        'Use the repositoryUri that CreateRepository (or DescribeRepositories) returns.',
      ja: `"${uri}" は ECR リポジトリの URI ではありません。形式は <12 桁のアカウント ID>.dkr.ecr.<リージョン>.amazonaws.com/<リポジトリ名> です` +
        `(例: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/my-repo)。${hint.ja}` +
        'CreateRepository(または DescribeRepositories)が返す repositoryUri を使ってください。',
    });
  }
  return { uri: uri.trim(), registryId: match[1], region: match[2], repositoryName: match[3] };
}

function repositoryUriHint(uri: string): { en: string; ja: string } {
  if (/^[a-z]+:\/\//i.test(uri)) return { en: 'Leave out the scheme (https://). ', ja: 'スキーム(https://)は付けません。' };
  if (/\/[^/]*[:@][^/]*$/.test(uri)) return { en: 'Give the tag as the second argument, not in the URI. ', ja: 'タグは URI に含めず、2 番目の引数で渡します。' };
  if (/[A-Z]/.test(uri)) return { en: 'Repository names are lower case. ', ja: 'リポジトリ名は小文字です。' };
  return { en: '', ja: '' };
}
