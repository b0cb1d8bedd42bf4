import { evaluate } from '../../../harness/iam/evaluate';
import type { ConditionBlock, RequestContext } from '../../../harness/iam/policy-types';
import { ACCOUNT, allowWhen, input, session, user } from './fixtures';

type Row = [title: string, condition: ConditionBlock, context: RequestContext, holds: boolean];

/** Whether an Allow statement with this Condition allows a request with this context. */
function holds(condition: ConditionBlock, context: RequestContext, principal = user('alice')): boolean {
  return evaluate(input(principal, 's3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/a', [allowWhen('s3:GetObject', '*', condition)], { context })).decision === 'Allow';
}

const run = (rows: Row[]) =>
  test.each(rows)('%s', (_title, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });

const OPS = '[IAM JSON policy elements: Condition operators]';

describe('string condition operators', () => {
  run([
    [`${OPS} StringEquals matches the exact value`, { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, { 'aws:PrincipalTag/job-category': 'iamuser-admin' }, true],
    [`${OPS} StringEquals is case-sensitive`, { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, { 'aws:PrincipalTag/job-category': 'IAMUser-Admin' }, false],
    [`${OPS} StringEquals has no wildcards`, { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-*' } }, { 'aws:PrincipalTag/job-category': 'iamuser-admin' }, false],
    [`${OPS} StringEquals does not match a missing key`, { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }, {}, false],
    [`${OPS} StringNotEquals matches another value`, { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } }, { 'aws:RequestedRegion': 'ap-northeast-1' }, true],
    [`${OPS} StringNotEquals does not match the value`, { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } }, { 'aws:RequestedRegion': 'us-east-1' }, false],
    [`${OPS} a negated operator holds when the key is missing`, { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } }, {}, true],
    [`${OPS} StringEqualsIgnoreCase ignores case`, { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Yellow' } }, { 'aws:PrincipalTag/team': 'YELLOW' }, true],
    [`${OPS} StringEqualsIgnoreCase still needs the same text`, { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Yellow' } }, { 'aws:PrincipalTag/team': 'green' }, false],
    [`${OPS} StringNotEqualsIgnoreCase does not match the value in another case`, { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Yellow' } }, { 'aws:PrincipalTag/team': 'yellow' }, false],
    [`${OPS} StringNotEqualsIgnoreCase matches another value`, { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Yellow' } }, { 'aws:PrincipalTag/team': 'green' }, true],
    [`${OPS} StringLike matches with a wildcard`, { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } }, { 's3:prefix': 'home/alice/photos/' }, true],
    [`${OPS} StringLike is case-sensitive`, { StringLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'HOME/alice' }, false],
    [`${OPS} StringLike "?" is one character`, { StringLike: { 'aws:PrincipalTag/code': 'a?c' } }, { 'aws:PrincipalTag/code': 'abc' }, true],
    [`${OPS} StringNotLike does not match a value that is like the pattern`, { StringNotLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'home/alice' }, false],
    [`${OPS} StringNotLike matches a value that is not like the pattern`, { StringNotLike: { 's3:prefix': 'home/*' } }, { 's3:prefix': 'public/x' }, true],
  ]);
});

describe('ARN condition operators', () => {
  const topic = `arn:aws:sns:ap-northeast-1:${ACCOUNT}:my-topic`;
  run([
    [`${OPS} ArnEquals matches the same ARN`, { ArnEquals: { 'aws:SourceArn': topic } }, { 'aws:SourceArn': topic }, true],
    [`${OPS} ArnEquals does not match another ARN`, { ArnEquals: { 'aws:SourceArn': topic } }, { 'aws:SourceArn': topic.replace('my-topic', 'other') }, false],
    [`${OPS} ArnLike matches a wildcard in one part`, { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${ACCOUNT}:*` } }, { 'aws:SourceArn': topic }, true],
    [`${OPS} ArnLike compares the six parts separately: a wildcard does not cross a colon`, { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:topic' } }, { 'aws:SourceArn': topic }, false],
    [`${OPS} ArnLike matches a resource part that contains colons`, { ArnLike: { 'aws:SourceArn': `arn:aws:logs:*:${ACCOUNT}:log-group:/ecs/*` } }, { 'aws:SourceArn': `arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:/ecs/app:*` }, true],
    [`${OPS} ArnLike is case-sensitive`, { ArnLike: { 'aws:SourceArn': topic.toUpperCase() } }, { 'aws:SourceArn': topic }, false],
    [`${OPS} ArnNotEquals does not match the same ARN`, { ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/alice` } }, {}, false],
    [`${OPS} ArnNotLike matches an ARN outside the pattern`, { ArnNotLike: { 'aws:SourceArn': `arn:aws:sns:*:${ACCOUNT}:other-*` } }, { 'aws:SourceArn': topic }, true],
    [`${OPS} ArnLike does not match a value that is not an ARN`, { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${ACCOUNT}:*` } }, { 'aws:SourceArn': 'not-an-arn' }, false],
  ]);
});

describe('numeric, date, Boolean and binary condition operators', () => {
  run([
    [`${OPS} NumericLessThanEquals holds for a smaller value`, { NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, true],
    [`${OPS} NumericLessThanEquals does not hold for a larger value`, { NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': 11 }, false],
    [`${OPS} NumericLessThan is strict`, { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, false],
    [`${OPS} NumericGreaterThan compares numbers, not text`, { NumericGreaterThan: { 's3:max-keys': '9' } }, { 's3:max-keys': '10' }, true],
    [`${OPS} NumericGreaterThanEquals holds for the same value`, { NumericGreaterThanEquals: { 's3:max-keys': '10.0' } }, { 's3:max-keys': '10' }, true],
    [`${OPS} NumericEquals holds for the same number`, { NumericEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, true],
    [`${OPS} NumericNotEquals does not hold for the same number`, { NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, false],
    [`${OPS} a numeric operator does not match text that is not a number`, { NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' }, false],
    [`${OPS} DateGreaterThan compares ISO 8601 times`, { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, { 'aws:TokenIssueTime': '2026-11-29T10:00:00Z' }, true],
    [`${OPS} DateLessThan does not hold for a later time`, { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-11-29T10:00:00Z' }, false],
    [`${OPS} DateEquals accepts epoch seconds`, { DateEquals: { 'aws:EpochTime': '1577836800' } }, { 'aws:EpochTime': '2020-01-01T00:00:00Z' }, true],
    [`${OPS} DateNotEquals does not hold for the same time`, { DateNotEquals: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, false],
    [`${OPS} DateLessThanEquals and DateGreaterThanEquals include the same time`, { DateLessThanEquals: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, DateGreaterThanEquals: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, true],
    [`${OPS} Bool "true" matches aws:SecureTransport true`, { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': true }, true],
    [`${OPS} Bool "true" does not match false`, { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }, false],
    [`${OPS} Bool accepts a JSON boolean in the policy`, { Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': false }, true],
    [`${OPS} Bool does not match a missing key`, { Bool: { 'aws:SecureTransport': 'false' } }, {}, false],
    [`${OPS} BinaryEquals compares the base-64 value`, { BinaryEquals: { 'key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, true],
  ]);
});

describe('IP address condition operators', () => {
  run([
    [`${OPS} IpAddress matches an address in the CIDR block`, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.25' }, true],
    [`${OPS} IpAddress does not match an address outside it`, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.7' }, false],
    [`${OPS} IpAddress with a list matches either block`, { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, { 'aws:SourceIp': '2001:db8:1234:5678::1' }, true],
    [`${OPS} IpAddress with a bare address is a /32`, { IpAddress: { 'aws:SourceIp': '203.0.113.7' } }, { 'aws:SourceIp': '203.0.113.8' }, false],
    [`${OPS} IpAddress compares an IPv4-mapped IPv6 address as IPv4`, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '::ffff:203.0.113.9' }, true],
    [`${OPS} IpAddress does not match an IPv6 address against an IPv4 block`, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '2001:db8::1' }, false],
    [`${OPS} IpAddress does not match a value that is not an address`, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': 'localhost' }, false],
    [`${OPS} NotIpAddress matches an address outside the block`, { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '198.51.100.7' }, true],
    [`${OPS} NotIpAddress does not match an address inside the block`, { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '10.0.0.0/8'] } }, { 'aws:SourceIp': '10.1.2.3' }, false],
  ]);
});

describe('…IfExists and Null', () => {
  run([
    [`${OPS} …IfExists holds when the key is missing`, { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, {}, true],
    [`${OPS} …IfExists compares when the key is present`, { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, { 'ec2:InstanceType': 'm3.large' }, true],
    [`${OPS} …IfExists does not hold for another present value`, { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } }, { 'ec2:InstanceType': 'p4d.24xlarge' }, false],
    [`${OPS} BoolIfExists holds without aws:MultiFactorAuthPresent`, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, {}, true],
    [`${OPS} NumericLessThanIfExists compares a present key`, { NumericLessThanIfExists: { 's3:max-keys': '10' } }, { 's3:max-keys': '50' }, false],
    [`${OPS} Null "true" holds when the key is absent`, { Null: { 'aws:TokenIssueTime': 'true' } }, {}, true],
    [`${OPS} Null "true" does not hold when the key is present`, { Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2026-11-29T10:00:00Z' }, false],
    [`${OPS} Null "false" holds when the key is present`, { Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': '2026-11-29T10:00:00Z' }, true],
    [`${OPS} Null "false" does not hold when the key is absent`, { Null: { 'aws:TokenIssueTime': false } }, {}, false],
  ]);
});

describe('multivalued context keys: ForAllValues and ForAnyValue', () => {
  const SETS = '[Single-valued vs. multivalued context keys]';
  const EXAMPLES = '[Multivalued context key examples]';
  run([
    [`${SETS} ForAllValues holds when every request value is in the policy's list`, { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment'] }, true],
    [`${SETS} ForAllValues does not hold when one request value is not listed`, { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['environment', 'owner'] }, false],
    [`${SETS} ForAllValues holds when the key is missing`, { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } }, {}, true],
    [`${SETS} ForAllValues holds for an empty set`, { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['environment'] } }, { 'aws:TagKeys': [] }, true],
    [`${SETS} ForAnyValue holds when one request value is listed`, { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment', 'cost-center'] } }, { 'aws:TagKeys': ['owner', 'cost-center'] }, true],
    [`${SETS} ForAnyValue does not hold when none is listed`, { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } }, { 'aws:TagKeys': ['owner'] }, false],
    [`${SETS} ForAnyValue does not hold when the key is missing`, { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } }, {}, false],
    [`${SETS} ForAnyValue does not hold for an empty set`, { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['environment'] } }, { 'aws:TagKeys': [] }, false],
    [`${SETS} ForAnyValue works with StringLike`, { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'cost-*' } }, { 'aws:TagKeys': ['owner', 'cost-center'] }, true],
    [`${EXAMPLES} ForAllValues:StringNotLike "key1*": key1:legal does not match`, { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, { 'aws:TagKeys': ['key1:legal'] }, false],
    [`${EXAMPLES} ForAllValues:StringNotLike "key1*": key1:hr and key1:personnel do not match`, { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, { 'aws:TagKeys': ['key1:hr', 'key1:personnel'] }, false],
    [`${EXAMPLES} ForAllValues:StringNotLike "key1*": key2:audit matches`, { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, { 'aws:TagKeys': ['key2:audit'] }, true],
    [`${EXAMPLES} ForAllValues:StringNotLike "key1*": no aws:TagKeys matches`, { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, {}, true],
    [`${SETS} ForAnyValue with a negated operator does not hold when the key is missing`, { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': 'environment' } }, {}, false],
  ]);
});

describe('combining conditions', () => {
  const MULTI = '[Conditions with multiple context keys or values]';
  run([
    [`${MULTI} operators are AND-ed: both hold`, { StringEquals: { 'aws:PrincipalTag/team': 'yellow' }, Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:PrincipalTag/team': 'yellow', 'aws:SecureTransport': true }, true],
    [`${MULTI} operators are AND-ed: one fails`, { StringEquals: { 'aws:PrincipalTag/team': 'yellow' }, Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:PrincipalTag/team': 'yellow', 'aws:SecureTransport': false }, false],
    [`${MULTI} keys of one operator are AND-ed`, { StringEquals: { 'aws:PrincipalTag/team': 'yellow', 'aws:RequestedRegion': 'ap-northeast-1' } }, { 'aws:PrincipalTag/team': 'yellow', 'aws:RequestedRegion': 'us-east-1' }, false],
    [`${MULTI} values of one key are OR-ed`, { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'ap-northeast-1'] } }, { 'aws:RequestedRegion': 'ap-northeast-1' }, true],
    [`${MULTI} values of a negated operator are NOR-ed`, { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'ap-northeast-1'] } }, { 'aws:RequestedRegion': 'ap-northeast-1' }, false],
    [`${MULTI} values of a negated operator are NOR-ed: none equal`, { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'ap-northeast-1'] } }, { 'aws:RequestedRegion': 'eu-west-1' }, true],
    ['[IAM JSON policy elements: Condition] condition key names compare case-insensitively', { StringEquals: { 'AWS:SOURCEACCOUNT': ACCOUNT } }, { 'aws:SourceAccount': ACCOUNT }, true],
    ['[IAM JSON policy elements: Condition] an unknown operator never holds', { StringSortOf: { 'aws:SourceAccount': ACCOUNT } }, { 'aws:SourceAccount': ACCOUNT }, false],
  ]);
});

describe('global condition keys filled in from the principal', () => {
  const GLOBAL = '[AWS global condition context keys]';
  test.each([
    [`${GLOBAL} aws:PrincipalArn of a role session is the role's ARN`, { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/task-role` } }, true],
    [`${GLOBAL} aws:PrincipalArn is not the session's ARN`, { ArnEquals: { 'aws:PrincipalArn': `arn:aws:sts::${ACCOUNT}:assumed-role/task-role/t1` } }, false],
    [`${GLOBAL} aws:PrincipalAccount is the principal's account`, { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } }, true],
    [`${GLOBAL} a role session has no aws:username`, { Null: { 'aws:username': 'true' } }, true],
    [`${GLOBAL} aws:userid of a role session is role-id:session-name`, { StringLike: { 'aws:userid': 'AROA*:t1' } }, true],
    [`${GLOBAL} aws:PrincipalType of a role session is AssumedRole`, { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }, true],
  ] as const)('%s', (_title, condition, expected) => {
    expect(holds(condition, {}, session('task-role', 't1'))).toBe(expected);
  });

  test(`${GLOBAL} a user's aws:username and aws:userid`, () => {
    expect(holds({ StringEquals: { 'aws:username': 'alice', 'aws:userid': 'AIDACKCEVSQ6C2EXAMPLE' } }, {})).toBe(true);
  });

  test(`${GLOBAL} a value in the request context wins over the principal's`, () => {
    expect(holds({ StringEquals: { 'aws:PrincipalAccount': '999988887777' } }, { 'aws:principalaccount': '999988887777' })).toBe(true);
  });

  test(`${GLOBAL} aws:SourceAccount and aws:SourceArn come from the request context`, () => {
    const condition = { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:*` } };
    expect(holds(condition, { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:task/c/1` })).toBe(true);
    expect(holds(condition, { 'aws:SourceAccount': ACCOUNT })).toBe(false);
  });
});
