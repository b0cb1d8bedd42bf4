import { formatCalls } from '../../harness/kata/format-calls';

const calls = [
  { seq: 1, service: 'iam', operation: 'CreatePolicy', status: 200, notes: [{ en: 'ecr:DescribeImage is not an action; did you mean ecr:DescribeImages?', ja: 'ecr:DescribeImages の間違いではありませんか?' }] },
  { seq: 2, service: 'ecr', operation: 'DescribeImages', status: 400, errorCode: 'AccessDeniedException', explanation: { en: 'No statement allows it.', ja: '許可するステートメントがありません。' } },
];

test('lists each call with its status and error code, and under it the denial explanation and policy notes', () => {
  expect(formatCalls('111122223333', calls)).toBe(
    [
      'AWS API calls your solve() made (account 111122223333):',
      '   1. iam CreatePolicy → 200',
      '      ecr:DescribeImage is not an action; did you mean ecr:DescribeImages?',
      '   2. ecr DescribeImages → 400 AccessDeniedException',
      '      No statement allows it.',
    ].join('\n'),
  );
});

test('speaks Japanese when the learner does', () => {
  process.env.KATA_LANG = 'ja';
  try {
    const text = formatCalls('111122223333', calls);
    expect(text).toContain('あなたの solve() が呼び出した AWS API(アカウント 111122223333):');
    expect(text).toContain('      許可するステートメントがありません。');
    expect(formatCalls('111122223333', [])).toContain('1 回も呼び出していません');
  } finally {
    process.env.KATA_LANG = 'en';
  }
});
