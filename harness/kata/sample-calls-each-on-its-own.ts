/**
 * A container command for the sample image that makes the sample's two calls (fetch the todo,
 * then ECR DescribeImages on my-repo) each on its own: a failed fetch is logged and the
 * DescribeImages call still runs. The sample's own index.js stops at a failed fetch, which hides
 * whether ECR was reachable; a kata whose subnet reaches AWS but not the internet needs both
 * answers from one run. Same calls, same region and repository as the article's code.
 */
const SCRIPT = [
  '(async () => {',
  "  await fetch('https://jsonplaceholder.typicode.com/todos/1')",
  '    .then(res => res.json())',
  '    .then(json => console.log(json))',
  "    .catch(error => console.error('The todo fetch failed:', error));",
  "  const { ECRClient, DescribeImagesCommand } = require('@aws-sdk/client-ecr');",
  "  const client = new ECRClient({ region: 'ap-northeast-1' });",
  "  await client.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }))",
  '    .then(res => res.imageDetails)',
  '    .then(imageDetails => console.log(imageDetails))',
  "    .catch(error => { console.error('DescribeImages failed:', error); process.exitCode = 1; });",
  '})();',
].join('\n');

export const SAMPLE_CALLS_EACH_ON_ITS_OWN: string[] = ['node', '-e', SCRIPT];
