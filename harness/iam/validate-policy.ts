/**
 * What IAM refuses to store: the checks behind `MalformedPolicyDocument` (and the size quotas
 * behind `LimitExceeded`) for CreatePolicy, CreatePolicyVersion, Put{User,Group,Role}Policy
 * (identity policies), CreateRole and UpdateAssumeRolePolicy (trust policies), and the managed
 * policy a permissions boundary points at — answered with IAM's own words, so a learner who
 * searches the message finds what everyone else found.
 *
 * IAM parses the two kinds with different parsers and words their errors differently:
 * identity policies get "Syntax errors in policy.", "Policy statement must contain resources."…;
 * trust policies get the resource-policy family that S3 bucket policies share: "This policy
 * contains invalid Json", "Has prohibited field Resource", "Missing required field Principal"….
 * Where each wording was seen is noted beside it; wordings marked WRITTEN HERE were not found in
 * any public record and follow the style of their neighbours.
 */
import type { PolicyDocument } from './policy-types';

export type PolicyDocumentKind = 'identity' | 'trust' | 'permissions-boundary';

/**
 * Where the document is being stored. It decides two rules IAM applies per destination:
 * a managed policy (CreatePolicy, CreatePolicyVersion; every permissions boundary) must say
 * Version "2012-10-17", and each destination has its own size quota.
 */
export type PolicyTarget = { type: 'managed' } | { type: 'user' | 'group' | 'role'; name: string };

export interface ValidatePolicyOptions {
  /** Default: managed for 'permissions-boundary'; none for 'identity' (no version or size rule applied). */
  target?: PolicyTarget;
}

export type PolicyValidationFailure = {
  ok: false;
  /** LimitExceeded only for the size quotas; IAM answers it with HTTP 409 where MalformedPolicyDocument is 400. */
  code: 'MalformedPolicyDocument' | 'LimitExceeded';
  message: string;
};

export type PolicyValidationResult = { ok: true; document: PolicyDocument } | PolicyValidationFailure;

// ---------------------------------------------------------------------------------------------
// IAM's wordings.
// Identity policies. Source unless noted: the table of invalid documents in moto's
// tests/test_iam/test_iam_policies.py (getmoto/moto), recorded against IAM's CreatePolicy, and the
// same texts in public bug reports: "Syntax errors in policy." (99designs/iamy#74,
// awslabs/ec2-spot-labs#25), "The policy failed legacy parsing" (hashicorp/terraform#10057 for
// Effect "allow"; 99designs/iamy#65), "Policy statement must contain resources."
// (trussworks/terraform-aws-s3-anti-virus#28, terraform-aws-modules/terraform-aws-iam#603),
// "Policy statement must contain actions." (aws/aws-cdk#7615), "Statement IDs (SID) in a single
// policy must be unique." (kubernetes/kops#4951), "Actions/Condition can contain only one colon."
// (garnaat/kappa#111), "Policy document must be version 2012-10-17 or greater."
// (Meteor-Community-Packages/Meteor-CollectionFS#630).
const SYNTAX = 'Syntax errors in policy.';
const VERSION_2012 = 'Policy document must be version 2012-10-17 or greater.';
const LEGACY = 'The policy failed legacy parsing';
const DUPLICATE_SID = 'Statement IDs (SID) in a single policy must be unique.';
const NEEDS_ACTIONS = 'Policy statement must contain actions.';
const NEEDS_RESOURCES = 'Policy statement must contain resources.';
const NEEDS_VENDOR = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
const ONE_COLON = 'Actions/Condition can contain only one colon.';
const vendorNotValid = (vendor: string): string => `Vendor ${vendor} is not valid`;
// boogy/iam-policy-validator#172 quotes IAM's reply to the action "*:Untag*".
const VENDOR_WILDCARD = 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards';
// hashicorp/terraform-provider-aws#10419 (CreatePolicy), ember-cli-deploy/ember-cli-deploy-s3#65.
const NO_PRINCIPAL_HERE = 'Policy document should not specify a principal.';
const notArn = (resource: string): string => `Resource ${resource} must be in ARN format or "*".`;
const VENDOR_QUALIFIED = 'Resource vendor must be fully qualified and cannot contain regexes.';
// cloud-gov/terraform-provision#1838 quotes the IAM one; the S3 one is moto's record.
const iamRegion = (resource: string): string => `IAM resource ${resource} cannot contain region information.`;
const s3Region = (resource: string): string => `Resource ${resource} can not contain region information.`;
const IAM_PATH_STARTS = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];
const IAM_PATH = `IAM resource path must either be "*" or start with ${IAM_PATH_STARTS.join(', ')}.`;

// Trust policies (CreateRole's AssumeRolePolicyDocument, UpdateAssumeRolePolicy).
// LocalStack's IAM provider (checked against AWS) and the CLI reports quoted in public scripts.
const TRUST_INVALID_JSON = 'This policy contains invalid Json';
// kubernetes-sigs/external-dns#3085, hashicorp/terraform#34231 (CreateRole; no trailing period).
const prohibited = (field: string): string => `Has prohibited field ${field}`;
// S3's PutBucketPolicy with the same parser (hashicorp/terraform#28688, humanmade/S3-Uploads#191);
// IAM's trust parser is that parser. "Action"/"Effect"/"Statement" follow the same template.
const missing = (field: string): string => `Missing required field ${field}`;
// terraform-aws-modules/terraform-aws-iam#47: CreateRole with a statement whose principal lists were empty.
const NO_PRINCIPALS =
  'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!';
// hashicorp/terraform#35086 ("SERVICE":"tagging.amazonaws.com"), aws-samples/aws-cdk-examples#801,
// aws-actions/configure-aws-credentials#332 ("AWS":"arn:aws:iam::…:role/…").
const invalidPrincipal = (type: string, value: string): string => `Invalid principal in policy: "${type}":"${value}"`;
// LocalStack's IAM provider and versity/versitygw's trust-policy model agree on this one.
const ASSUME_ROLE_ONLY = 'AssumeRole policy may only specify STS AssumeRole actions.';
// versity/versitygw#646 and #647 (S3 PutBucketPolicy, same parser).
const EMPTY_STATEMENT = 'Could not parse the policy: Statement is empty!';
const invalidEffect = (effect: string): string => `Invalid effect: ${effect}`;
// WRITTEN HERE: the trust parser's words for these were not found; same style as its neighbours.
const unknownField = (field: string): string => `Unknown field ${field}`;
const TRUST_INVALID_VERSION = 'The policy must contain a valid version string';

// Size quotas (LimitExceeded). ministryofjustice/cloud-platform-environments#14473 (PolicySize),
// kubeflow/kubeflow#6687 (ACLSizePerRole), HumanCellAtlas/data-store#1963 and danvk/mapsnap#483 (inline).
const MANAGED_MAX = 6144;
const TRUST_MAX = 2048;
const INLINE_MAX = { user: 2048, group: 5120, role: 10240 } as const;

/** Service principals IAM accepts in a trust policy's Principal "Federated" besides provider ARNs. */
const WEB_IDENTITY_PROVIDERS = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);

/** What a trust policy may grant: assuming the role and what goes with it. */
const TRUST_ACTIONS = new Set(
  ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'].map(
    (action) => action.toLowerCase(),
  ),
);

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

const CONDITION_OPERATORS = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

const TOP_LEVEL_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);

/** Thrown inside this module to stop at the first rule broken, as IAM does. */
class Refusal extends Error {
  constructor(
    message: string,
    readonly code: PolicyValidationFailure['code'] = 'MalformedPolicyDocument',
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringOrStrings(value: unknown): value is string | string[] {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isConditionValue(value: unknown): boolean {
  const scalar = (item: unknown): boolean => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}

/** "ForAnyValue:StringLikeIfExists" → "StringLike". */
function baseOperator(operator: string): string {
  let name = operator;
  for (const prefix of ['ForAnyValue:', 'ForAllValues:']) {
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
      break;
    }
  }
  return name.endsWith('IfExists') ? name.slice(0, -'IfExists'.length) : name;
}

/** A Condition is an object of operators, each an object of keys to a value or a list of values. */
function conditionShapeIsValid(condition: unknown): boolean {
  if (!isObject(condition)) return false;
  for (const [operator, block] of Object.entries(condition)) {
    if (!isObject(block)) return false;
    if (!Object.values(block).every(isConditionValue)) return false;
    // An operator IAM does not know is accepted only with nothing under it.
    if (!CONDITION_OPERATORS.has(baseOperator(operator)) && Object.keys(block).length > 0) return false;
  }
  return true;
}

function principalShapeIsValid(principal: unknown): boolean {
  if (principal === '*') return true;
  return isObject(principal) && Object.values(principal).every(isStringOrStrings);
}

/** Statements as a list, or undefined when Statement is neither an object nor an array of objects. */
function statementsOf(document: Json): Json[] | undefined {
  const statement = document.Statement;
  if (isObject(statement)) return [statement];
  if (Array.isArray(statement) && statement.every(isObject)) return statement;
  return undefined;
}

/** A Date… condition value IAM's legacy parser reads: an ISO 8601 date-time or epoch seconds. */
function dateValueParses(value: unknown): boolean {
  const text = String(value);
  if (/^\d+$/.test(text)) return BigInt(text) <= 9223372036854775807n;
  return /^-?\d{1,9}(-\d{1,2}(-\d{1,2})?)?([tT]\d{1,2}(:\d{2}(:\d{2}(\.\d{1,9})?)?)?([zZ]|[+-]\d{2}(:?\d{2})?)?)?$/.test(text);
}

// ---------------------------------------------------------------------------------------------
// Identity policies and permissions boundaries.

/** IAM's resource-format rules; returns the message for the resource, or undefined when it is well formed. */
function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const first = resource.indexOf(':');
  if (first < 0) return notArn(resource);
  const afterArn = resource.slice(first + 1);
  const second = afterArn.indexOf(':');
  const partition = second < 0 ? afterArn : afterArn.slice(0, second);
  if (partition !== '*' && !PARTITIONS.has(partition)) {
    // IAM names the resource back with the missing parts as "*".
    const rest = second < 0 ? [''] : afterArn.slice(second + 1).split(':');
    const part1 = rest[0] !== '' || rest.length > 1 ? rest[0]! : '*';
    const part2 = rest.length > 1 ? rest[1]! : '*';
    const part3 = rest.length > 2 ? rest[2]! : '*';
    const part4 = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return `Partition "${partition}" is not valid for resource "arn:${partition}:${part1}:${part2}:${part3}:${part4}".`;
  }
  if (second < 0) return VENDOR_QUALIFIED;
  const [service = '', region = '', , ...resourceParts] = afterArn.slice(second + 1).split(':');
  const resourceId = resourceParts.join(':');
  if (service === 'iam' && region !== '') return iamRegion(resource);
  if (service === 's3' && region !== '' && !resourceId.startsWith('accesspoint/')) return s3Region(resource);
  if (service === 'iam' && !resourceId.startsWith('*') && !IAM_PATH_STARTS.some((start) => resourceId.startsWith(start))) return IAM_PATH;
  return undefined;
}

/** IAM's legacy parser chokes on an ARN with "::" but fewer than six parts, or an empty vendor. */
function resourceFailsLegacyParsing(resource: string): boolean {
  if (resource === '*' || resource === '') return false;
  const parts = resource.split(':');
  if (parts.length - 1 < 5 && resource.includes('::')) return true;
  return parts.length < 3 || parts[2] === '';
}

function validateIdentity(document: Json, managed: boolean): void {
  // 1. Syntax: the grammar of the document, every statement, every element's type.
  const statements = statementsOf(document);
  const syntaxOk =
    Object.keys(document).every((key) => TOP_LEVEL_FIELDS.has(key)) &&
    (document.Version === undefined || document.Version === '2012-10-17' || document.Version === '2008-10-17') &&
    (document.Id === undefined || typeof document.Id === 'string') &&
    statements !== undefined &&
    statements.length > 0 &&
    statements.every(
      (statement) =>
        Object.keys(statement).every((key) => STATEMENT_FIELDS.has(key)) &&
        !('Action' in statement && 'NotAction' in statement) &&
        !('Resource' in statement && 'NotResource' in statement) &&
        !('Principal' in statement && 'NotPrincipal' in statement) &&
        typeof statement.Effect === 'string' &&
        ['allow', 'deny'].includes(statement.Effect.toLowerCase()) &&
        ['Action', 'NotAction', 'Resource', 'NotResource'].every((key) => !(key in statement) || isStringOrStrings(statement[key])) &&
        ['Principal', 'NotPrincipal'].every((key) => !(key in statement) || principalShapeIsValid(statement[key])) &&
        (!('Condition' in statement) || conditionShapeIsValid(statement.Condition)) &&
        (!('Sid' in statement) || typeof statement.Sid === 'string'),
    );
  if (!syntaxOk || !statements) throw new Refusal(SYNTAX);

  // 2. Managed policies need the current policy language.
  if (managed && document.Version !== '2012-10-17') throw new Refusal(VERSION_2012);

  // 3. An identity policy's principal is whoever holds it.
  if (statements.some((statement) => 'Principal' in statement || 'NotPrincipal' in statement)) throw new Refusal(NO_PRINCIPAL_HERE);

  // 4. The legacy parser: exact Effect spelling, readable dates, then resource formats (the first
  //    badly formed resource is reported later, after the action checks, as IAM does).
  for (const statement of statements) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw new Refusal(LEGACY);
    for (const [operator, block] of Object.entries((statement.Condition as Json | undefined) ?? {})) {
      if (!baseOperator(operator).startsWith('Date')) continue;
      for (const value of Object.values(block as Json)) {
        const values = Array.isArray(value) ? value : [value];
        if (!values.every(dateValueParses)) throw new Refusal(LEGACY);
      }
    }
  }
  let resourceError: string | undefined;
  for (const key of ['Resource', 'NotResource'] as const) {
    for (const statement of statements) {
      if (!(key in statement)) continue;
      const resources = asList(statement[key]).filter((resource) => resource !== '');
      for (const resource of [...resources].sort().reverse()) resourceError = resourceFormatError(resource) ?? resourceError;
      if (resourceError === undefined && asList(statement[key]).some(resourceFailsLegacyParsing)) throw new Refusal(LEGACY);
    }
  }
  if (statements.some((statement) => asList(statement.Resource).includes(''))) resourceError ??= notArn('');

  // 5. Statement ids.
  refuseDuplicateSids(statements);

  // 6. Every statement says what it allows or denies.
  for (const statement of statements) {
    const actions = 'Action' in statement ? statement.Action : statement.NotAction;
    if (actions === undefined || (Array.isArray(actions) && actions.length === 0)) throw new Refusal(NEEDS_ACTIONS);
  }

  // 7. The first badly formed resource.
  if (resourceError !== undefined) throw new Refusal(resourceError);

  // 8. Every action names its service: "service:action".
  for (const key of ['Action', 'NotAction'] as const) {
    for (const statement of statements) {
      for (const action of asList(statement[key])) checkActionFormat(action);
    }
  }

  // 9. And every statement says what it applies to.
  for (const statement of statements) {
    const resources = 'Resource' in statement ? statement.Resource : statement.NotResource;
    if (resources === undefined || (Array.isArray(resources) && resources.length === 0)) throw new Refusal(NEEDS_RESOURCES);
  }
}

function checkActionFormat(action: string): void {
  const parts = action.split(':');
  if (parts.length === 1 && parts[0] !== '*') throw new Refusal(NEEDS_VENDOR);
  if (parts.length > 2) throw new Refusal(ONE_COLON);
  const vendor = parts[0]!;
  if (vendor === '*' && parts.length === 1) return;
  if (/[*?]/.test(vendor)) throw new Refusal(VENDOR_WILDCARD);
  if (/[^a-zA-Z0-9\-.]/.test(vendor)) throw new Refusal(vendorNotValid(vendor));
}

// ---------------------------------------------------------------------------------------------
// Trust policies.

/** Refuses a trust policy's Principal the way IAM does: a malformed value, or no principal at all. */
function checkTrustPrincipal(principal: unknown): void {
  if (principal === '*') return;
  // WRITTEN HERE: a Principal that is neither "*" nor an object; IAM's words for it were not found.
  if (!isObject(principal)) throw new Refusal('Invalid principal in policy');
  let count = 0;
  for (const [type, value] of Object.entries(principal)) {
    // WRITTEN HERE: a value that is not a string or list of strings.
    if (!isStringOrStrings(value)) throw new Refusal('Invalid principal in policy');
    for (const entry of asList(value)) {
      count++;
      if (!trustPrincipalIsValid(type, entry)) throw new Refusal(invalidPrincipal(type.toUpperCase(), entry));
    }
  }
  if (count === 0) throw new Refusal(NO_PRINCIPALS);
}

function trustPrincipalIsValid(type: string, value: string): boolean {
  const partition = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
  switch (type) {
    case 'AWS':
      // "*", an account id, or a whole ARN of an account root, user, role, or role session
      // (a wildcard inside an ARN is not allowed in a Principal).
      return (
        value === '*' ||
        /^\d{12}$/.test(value) ||
        new RegExp(`^arn:${partition}:iam::\\d{12}:(root|user/[^*?]+|role/[^*?]+)$`).test(value) ||
        new RegExp(`^arn:${partition}:sts::\\d{12}:(assumed-role/[^*?/]+/[^*?]+|federated-user/[^*?]+)$`).test(value)
      );
    case 'Service':
      // A service principal: "<service>.amazonaws.com" (".cn" in China), e.g. "ecs-tasks.amazonaws.com".
      return /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(value);
    case 'Federated':
      return (
        WEB_IDENTITY_PROVIDERS.has(value) ||
        new RegExp(`^arn:${partition}:iam::\\d{12}:(saml-provider|oidc-provider)/[^*?]+$`).test(value)
      );
    default:
      // CanonicalUser (an S3 identity) and anything else cannot assume a role.
      return false;
  }
}

function validateTrust(document: Json): void {
  for (const key of Object.keys(document)) if (!TOP_LEVEL_FIELDS.has(key)) throw new Refusal(unknownField(key));
  if (document.Version !== undefined && document.Version !== '2012-10-17' && document.Version !== '2008-10-17') {
    throw new Refusal(TRUST_INVALID_VERSION);
  }
  if (document.Id !== undefined && typeof document.Id !== 'string') throw new Refusal(TRUST_INVALID_JSON); // WRITTEN HERE
  if (!('Statement' in document)) throw new Refusal(missing('Statement'));
  if (Array.isArray(document.Statement) && document.Statement.length === 0) throw new Refusal(EMPTY_STATEMENT);
  const statements = statementsOf(document);
  // WRITTEN HERE: a Statement that is neither an object nor an array of objects.
  if (!statements) throw new Refusal(TRUST_INVALID_JSON);

  // Fields first: unknown ones, then those a trust policy may not have (CreateRole answers
  // "Has prohibited field Resource" before it notices a missing Principal: external-dns#3085).
  for (const statement of statements) {
    for (const key of Object.keys(statement)) if (!STATEMENT_FIELDS.has(key)) throw new Refusal(unknownField(key));
  }
  for (const statement of statements) {
    if ('Resource' in statement) throw new Refusal(prohibited('Resource'));
    if ('NotResource' in statement) throw new Refusal(prohibited('NotResource')); // WRITTEN HERE (same template)
    if ('NotPrincipal' in statement) throw new Refusal(prohibited('NotPrincipal')); // WRITTEN HERE (same template)
  }
  // Then the fields every statement needs.
  for (const statement of statements) {
    if (!('Effect' in statement)) throw new Refusal(missing('Effect'));
    if (!('Principal' in statement)) throw new Refusal(missing('Principal'));
    if (!('Action' in statement) && !('NotAction' in statement)) throw new Refusal(missing('Action'));
    // WRITTEN HERE: both Action and NotAction, or a value of the wrong type; the identity parser's words.
    if ('Action' in statement && 'NotAction' in statement) throw new Refusal(SYNTAX);
    if (!isStringOrStrings(statement.Action ?? statement.NotAction)) throw new Refusal(SYNTAX);
    if ('Sid' in statement && typeof statement.Sid !== 'string') throw new Refusal(SYNTAX);
    if ('Condition' in statement && !conditionShapeIsValid(statement.Condition)) throw new Refusal(SYNTAX);
  }
  // Then their values.
  for (const statement of statements) {
    const effect = statement.Effect;
    if (effect !== 'Allow' && effect !== 'Deny') throw new Refusal(invalidEffect(String(effect)));
    checkTrustPrincipal(statement.Principal);
    const actions = asList(statement.Action ?? statement.NotAction);
    if (actions.length === 0) throw new Refusal(missing('Action'));
    for (const action of actions) {
      checkActionFormat(action);
      if (!TRUST_ACTIONS.has(action.toLowerCase())) throw new Refusal(ASSUME_ROLE_ONLY);
    }
  }
  refuseDuplicateSids(statements);
}

// ---------------------------------------------------------------------------------------------

/** IAM counts a policy's size without white space. */
function policySize(text: string): number {
  return text.replace(/\s/g, '').length;
}

function checkSize(text: string, kind: PolicyDocumentKind, target: PolicyTarget | undefined): void {
  const size = policySize(text);
  if (kind === 'trust') {
    if (size > TRUST_MAX) throw new Refusal(`Cannot exceed quota for ACLSizePerRole: ${TRUST_MAX}`, 'LimitExceeded');
    return;
  }
  if (!target) return;
  if (target.type === 'managed') {
    if (size > MANAGED_MAX) throw new Refusal(`Cannot exceed quota for PolicySize: ${MANAGED_MAX}`, 'LimitExceeded');
    return;
  }
  // The inline quota is for all of the identity's inline policies together; this sees one document.
  const max = INLINE_MAX[target.type];
  if (size > max) throw new Refusal(`Maximum policy size of ${max} bytes exceeded for ${target.type} ${target.name}`, 'LimitExceeded');
}

/**
 * Checks a policy document the way IAM does before storing it. Returns the parsed document, or
 * the error code and message IAM answers with (the first rule broken, in IAM's order).
 *
 * kind: 'identity' for CreatePolicy / CreatePolicyVersion / Put{User,Group,Role}Policy,
 * 'trust' for CreateRole's AssumeRolePolicyDocument and UpdateAssumeRolePolicy,
 * 'permissions-boundary' for the managed policy a boundary names (identity rules, managed target).
 */
export function validatePolicyDocument(text: string, kind: PolicyDocumentKind, options: ValidatePolicyOptions = {}): PolicyValidationResult {
  const target = options.target ?? (kind === 'permissions-boundary' ? { type: 'managed' as const } : undefined);
  try {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Refusal(kind === 'trust' ? TRUST_INVALID_JSON : SYNTAX);
    }
    if (!isObject(parsed)) throw new Refusal(kind === 'trust' ? TRUST_INVALID_JSON : SYNTAX);
    if (kind === 'trust') validateTrust(parsed);
    else validateIdentity(parsed, target?.type === 'managed');
    checkSize(text, kind, target);
    return { ok: true, document: parsed as unknown as PolicyDocument };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** IAM refuses a policy in which two statements share a Sid. */
function refuseDuplicateSids(statements: Record<string, unknown>[]): void {
  const sids = new Set<string>();
  for (const statement of statements) {
    const sid = statement.Sid as string | undefined;
    if (!sid) continue;
    if (sids.has(sid)) throw new Refusal(DUPLICATE_SID);
    sids.add(sid);
  }
}
