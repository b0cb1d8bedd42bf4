import { DescribeImagesCommand, DescribeRepositoriesCommand, type ImageDetail, type Repository } from '@aws-sdk/client-ecr';
import { check, kata, oncePerSolve, sampleImageDigest, type Bilingual, type SolvedKata } from 'aws-basics-dojo/testing';

type Solved = SolvedKata<Record<string, never>, string>;

const REPOSITORY = 'my-repo';
const TAG = 'latest';

const k = kata<Record<string, never>, string>({ id: '09-push-to-ecr' });

// ---- what ECR holds after solve(), read once ----

interface Registry {
  /** Every repository of the account in the kata's region. */
  repositories: Repository[];
  myRepo?: Repository;
  /** The images of my-repo (empty when there is no my-repo). */
  images: ImageDetail[];
}

const registry = oncePerSolve(readRegistry);

async function readRegistry({ clients }: Solved): Promise<Registry> {
  const repositories: Repository[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.ecr.send(new DescribeRepositoriesCommand({ nextToken }));
    repositories.push(...(page.repositories ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const myRepo = repositories.find((repository) => repository.repositoryName === REPOSITORY);
  const images: ImageDetail[] = [];
  if (myRepo) {
    let imagesToken: string | undefined;
    do {
      const page = await clients.ecr.send(new DescribeImagesCommand({ repositoryName: REPOSITORY, nextToken: imagesToken }));
      images.push(...(page.imageDetails ?? []));
      imagesToken = page.nextToken;
    } while (imagesToken);
  }
  return { repositories, myRepo, images };
}

const where = (solved: Solved): Bilingual => ({
  en: `account ${solved.accountId}, region ${solved.region}`,
  ja: `アカウント ${solved.accountId}、リージョン ${solved.region}`,
});

/** Why there is no my-repo, naming the repositories that are there instead. */
function noRepository(solved: Solved, found: Registry): Bilingual {
  const others = found.repositories.map((repository) => `  - ${repository.repositoryName} (${repository.repositoryUri})`).join('\n');
  const place = where(solved);
  return others
    ? {
        en:
          `There is no ECR repository ${REPOSITORY} in ${place.en}; there is:\n${others}\n` +
          `The name is what everything else finds the image by: the task definition's image (<repositoryUri>:${TAG}) and the sample's own ` +
          `DescribeImagesCommand({ repositoryName: '${REPOSITORY}' }). Create the repository with repositoryName '${REPOSITORY}' (CreateRepositoryCommand) and push to it.`,
        ja:
          `${place.ja} には ECR リポジトリ ${REPOSITORY} がありません。あるのは次のリポジトリです:\n${others}\n` +
          `ほかのすべてはこの名前でイメージを見つけます。タスク定義の image(<repositoryUri>:${TAG})も、サンプル自身の ` +
          `DescribeImagesCommand({ repositoryName: '${REPOSITORY}' })もそうです。repositoryName を '${REPOSITORY}' にしてリポジトリを作り(CreateRepositoryCommand)、そこにプッシュしてください。`,
      }
    : {
        en:
          `There is no ECR repository in ${place.en}. Create ${REPOSITORY} with CreateRepositoryCommand ({ repositoryName: '${REPOSITORY}' }, sent with ctx.clients.ecr), ` +
          `then push the sample to it with ctx.harness.pushSampleImage(repositoryUri, '${TAG}'): as in the article, a repository comes before docker push.`,
        ja:
          `${place.ja} には ECR リポジトリが 1 つもありません。CreateRepositoryCommand({ repositoryName: '${REPOSITORY}' }、ctx.clients.ecr で送信)で ` +
          `${REPOSITORY} を作り、ctx.harness.pushSampleImage(repositoryUri, '${TAG}') でサンプルをプッシュしてください。記事でも docker push の前にリポジトリがあります。`,
      };
}

const describeImage = (image: ImageDetail): Bilingual => ({
  en: `  - ${image.imageDigest} (${image.imageTags?.length ? `tags ${image.imageTags.join(', ')}` : 'untagged'})`,
  ja: `  - ${image.imageDigest}(${image.imageTags?.length ? `タグ ${image.imageTags.join('、')}` : 'タグなし'})`,
});

// ---- the rules ----

k.test(`solve() returns the URI of repository ${REPOSITORY}`, async (solved) => {
  const found = await registry(solved);
  const returned = solved.result;
  check(found.myRepo, noRepository(solved, found));
  const uri = found.myRepo.repositoryUri!;
  if (returned === uri) return;
  const said = JSON.stringify(returned);
  const why: Bilingual =
    typeof returned === 'string' && returned === found.myRepo.repositoryArn
      ? {
          en: `That is the repository's ARN (repositoryArn), the name IAM policies use. The URI is the registry host and the name, what docker push and a task definition's image use.`,
          ja: `これはリポジトリの ARN(repositoryArn)で、IAM ポリシーが使う名前です。URI はレジストリのホスト名とリポジトリ名で、docker push やタスク定義の image が使うものです。`,
        }
      : typeof returned === 'string' && (returned.startsWith(`${uri}:`) || returned.startsWith(`${uri}@`))
        ? {
            en: `That is an image reference (the URI with a tag or digest). Return the repository's URI alone; the tag goes after it only where an image is named.`,
            ja: `これはイメージの参照(URI にタグかダイジェストを付けたもの)です。リポジトリの URI だけを返してください。タグを付けるのはイメージを指すときだけです。`,
          }
        : {
            en: `Return the repositoryUri of ${REPOSITORY}, as CreateRepository (or DescribeRepositories) answers it.`,
            ja: `${REPOSITORY} の repositoryUri を、CreateRepository(または DescribeRepositories)が返すとおりに返してください。`,
          };
  check(false, {
    en: `solve() returned ${said}, but the URI of ${REPOSITORY} is ${uri}. ${why.en}`,
    ja: `solve() の戻り値は ${said} ですが、${REPOSITORY} の URI は ${uri} です。${why.ja}`,
  });
});

k.test(`${REPOSITORY} holds the sample image as '${TAG}', with the digest of the image the harness built`, async (solved) => {
  const found = await registry(solved);
  if (!found.myRepo) {
    const why = noRepository(solved, found);
    return check(false, { en: `No repository to look in. ${why.en}`, ja: `確認するリポジトリがありません。${why.ja}` });
  }
  const expected = await sampleImageDigest();
  let latest: ImageDetail | undefined;
  try {
    latest = (await solved.clients.ecr.send(new DescribeImagesCommand({ repositoryName: REPOSITORY, imageIds: [{ imageTag: TAG }] }))).imageDetails?.[0];
  } catch (error) {
    if ((error as Error).name !== 'ImageNotFoundException') throw error;
  }
  if (latest?.imageDigest === expected) return;

  const push = `ctx.harness.pushSampleImage(repositoryUri, '${TAG}')`;
  if (!latest) {
    const sample = found.images.find((image) => image.imageDigest === expected);
    const images = { en: found.images.map((image) => describeImage(image).en).join('\n'), ja: found.images.map((image) => describeImage(image).ja).join('\n') };
    return check(false, {
      en:
        `DescribeImages finds no image tagged '${TAG}' in ${REPOSITORY} (ImageNotFoundException). ` +
        (found.images.length === 0
          ? `The repository is empty: push the sample with ${push}, as the article's docker push …/my-repo:latest does.`
          : `${REPOSITORY} holds:\n${images.en}\n` +
            (sample
              ? `The sample is there (${expected}), but as ${sample.imageTags?.length ? sample.imageTags.map((t) => `'${t}'`).join(', ') : 'an untagged image'}. ` +
                `A tag is the name a pull asks for (my-repo:${TAG} is what the task definition will name): push it again with ${push}.`
              : `None of them is the sample the harness built (${expected}). Push it with ${push}.`)),
      ja:
        `DescribeImages で ${REPOSITORY} にタグ '${TAG}' のイメージが見つかりません(ImageNotFoundException)。` +
        (found.images.length === 0
          ? `リポジトリは空です。記事の docker push …/my-repo:latest と同じく、${push} でサンプルをプッシュしてください。`
          : `${REPOSITORY} にあるイメージ:\n${images.ja}\n` +
            (sample
              ? `サンプル(${expected})はありますが、${sample.imageTags?.length ? `タグが ${sample.imageTags.map((t) => `'${t}'`).join('、')} です` : 'タグが付いていません'}。` +
                `タグはプルするときに指定する名前です(タスク定義が指すのは my-repo:${TAG} です)。${push} でもう一度プッシュしてください。`
              : `どれもハーネスがビルドしたサンプル(${expected})ではありません。${push} でプッシュしてください。`)),
    });
  }
  check(false, {
    en:
      `${REPOSITORY}:${TAG} is the image ${latest.imageDigest}, but the sample the harness built is ${expected}. ` +
      `A digest is the sha256 of the image's manifest, so the same build always pushes the same digest: push the sample itself with ${push}.`,
    ja:
      `${REPOSITORY}:${TAG} はイメージ ${latest.imageDigest} ですが、ハーネスがビルドしたサンプルは ${expected} です。` +
      `ダイジェストはイメージのマニフェストの sha256 なので、同じビルドは必ず同じダイジェストになります。${push} でサンプルそのものをプッシュしてください。`,
  });
});
