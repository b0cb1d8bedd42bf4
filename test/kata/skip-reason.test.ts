import { skipReason } from '../../harness/kata/skip-reason';

const ECS_501 = 'The API for service ecs is either not included in your current license plan or has not yet been emulated by LocalStack.';
const ECR_501 = 'The API for service ecr is either not included in your current license plan or has not yet been emulated by LocalStack.';

const caps = { available: ['ec2', 'iam', 'sts', 'logs', 's3'] as ('ec2' | 'iam' | 'sts' | 'logs' | 's3')[], missing: { ecs: ECS_501, ecr: ECR_501 } };

test('LocalStack, one service: names it upper-case, gives the reason the probe got, then what to use instead', () => {
  expect(skipReason('localstack', ['ecs'], caps)).toEqual({
    en:
      'ECS is not in this LocalStack edition: The API for service ecs is either not included in your current license plan or has not yet been emulated by LocalStack. ' +
      'Use the default backend (moto: run without KATA_BACKEND), or LocalStack with LOCALSTACK_AUTH_TOKEN set to a plan that includes it.',
    ja:
      'ECS はこの LocalStack エディションにありません: The API for service ecs is either not included in your current license plan or has not yet been emulated by LocalStack。' +
      '既定のバックエンド(moto: KATA_BACKEND を付けずに実行)か、それを含むプランの LOCALSTACK_AUTH_TOKEN を設定した LocalStack を使ってください。',
  });
});

test('LocalStack, two services: joined with "and", each with its own reason', () => {
  const { en, ja } = skipReason('localstack', ['ecs', 'ecr'], caps);
  expect(en).toMatch(/^ECS and ECR are not in this LocalStack edition: ECS: The API for service ecs .*; ECR: The API for service ecr .*LocalStack\. Use the default backend/);
  expect(ja).toMatch(/^ECS と ECR はこの LocalStack エディションにありません: ECS: .*; ECR: /);
});

test('another backend: "<SERVICES> not offered by <backend>", a service it did not answer says so', () => {
  expect(skipReason('endpoint', ['ecs', 'ecr', 's3'], { available: [], missing: { ecs: 'HTTP 501' } }).en).toBe(
    'ECS, ECR and S3 not offered by endpoint: ECS: HTTP 501; ECR: not answered; S3: not answered. ' +
      'Use the default backend (moto: run without KATA_BACKEND), or LocalStack with LOCALSTACK_AUTH_TOKEN set to a plan that includes it.',
  );
});

test('the reason holds no "]", so grading reads it whole from the end of the test title', () => {
  const title = `the VPC exists [${skipReason('localstack', ['ecs', 'ecr'], caps).en}]`;
  expect(/ \[(.+)\]$/.exec(title)?.[1]).toBe(skipReason('localstack', ['ecs', 'ecr'], caps).en);
});
