/**
 * Amazon S3 (REST, path-style /bucket/key as the harness's clients send it). Resource types per the
 * Service Authorization Reference ("Actions, resources, and condition keys for Amazon S3"):
 *   bucket  arn:${Partition}:s3:::${BucketName}
 *   object  arn:${Partition}:s3:::${BucketName}/${ObjectName}
 * Operation names are those of harness/gateway/operation.ts; several map to another action name
 * (HeadBucket and ListObjects → s3:ListBucket, HeadObject → s3:GetObject, multipart parts →
 * s3:PutObject, DeleteObjects → s3:DeleteObject per key, DeleteBucketTagging → s3:PutBucketTagging,
 * ListMultipartUploads → s3:ListBucketMultipartUploads, ListParts → s3:ListMultipartUploadParts).
 * A versionId selects the *Version action (s3:GetObjectVersion, s3:DeleteObjectVersion, …).
 *
 * S3 quotes the resource in its denials, and leaves it out for actions on "*":
 *   "… is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::lwzp-securityhub-suppressor-artifact\"
 *    because no identity-based policy allows the s3:ListBucket action"
 *    (schubergphilis/terraform-aws-mcaf-securityhub-findings-manager#64, 2025; same form in noobaa/noobaa-core#10060)
 *   "… is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the
 *    s3:ListAllMyBuckets action" (an `aws s3 ls` transcript in a public repository)
 */
import { header, s3CopySource, s3Location, unescapeXml, xmlElements, xmlText } from './request-params';
import { allow, missingParameter, notModelled, type AuthorizedRequest, type ConditionContext, type RequiredPermission, type ServiceAnswer } from './types';

const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
const objectArn = (bucket: string, key: string): string => `arn:aws:s3:::${bucket}/${key}`;

function permission(action: string, resource: string): RequiredPermission {
  return { action: `s3:${action}`, resource, messageResource: resource === '*' ? null : `"${resource}"` };
}

type Handler = (location: { bucket: string; key?: string }, request: AuthorizedRequest) => ServiceAnswer;

/** An action on the bucket. */
function onBucket(action: string, context?: (request: AuthorizedRequest) => ConditionContext): Handler {
  return ({ bucket }, request) => allow([permission(action, bucketArn(bucket))], context?.(request));
}

/** An action on the object; `versioned` names the action used when the request carries a versionId. */
function onObject(action: string, versioned?: string): Handler {
  return ({ bucket, key }, request) => {
    if (!key) return missingParameter(request.operation, 'object key', 'object');
    const chosen = versioned && request.url.searchParams.has('versionId') ? versioned : action;
    return allow([permission(chosen, objectArn(bucket, key))]);
  };
}

/** s3:prefix, s3:delimiter and s3:max-keys of a listing, when the request sets them. */
function listingContext(request: AuthorizedRequest): ConditionContext {
  const context: ConditionContext = {};
  for (const [parameter, key] of [['prefix', 's3:prefix'], ['delimiter', 's3:delimiter'], ['max-keys', 's3:max-keys']] as const) {
    const value = request.url.searchParams.get(parameter);
    if (value !== null) context[key] = value;
  }
  return context;
}

/** PutObject also needs s3:PutObjectTagging / s3:PutObjectAcl when it sets tags or an ACL. */
function writeObject(location: { bucket: string; key?: string }, request: AuthorizedRequest, extra: RequiredPermission[] = []): ServiceAnswer {
  const { bucket, key } = location;
  if (!key) return missingParameter(request.operation, 'object key', 'object');
  const arn = objectArn(bucket, key);
  const permissions = [...extra, permission('PutObject', arn)];
  const context: ConditionContext = {};
  if (header(request.headers, 'x-amz-tagging')) permissions.push(permission('PutObjectTagging', arn));
  const acl = header(request.headers, 'x-amz-acl');
  if (acl || Object.keys(request.headers).some((name) => name.startsWith('x-amz-grant-'))) permissions.push(permission('PutObjectAcl', arn));
  if (acl) context['s3:x-amz-acl'] = acl;
  return allow(permissions, context);
}

/** The source object of CopyObject / UploadPartCopy, read with s3:GetObject (or s3:GetObjectVersion). */
function copySourceRead(request: AuthorizedRequest): RequiredPermission[] | undefined {
  const source = s3CopySource(request.headers);
  if (!source) return undefined;
  return [permission(source.versionId ? 'GetObjectVersion' : 'GetObject', objectArn(source.bucket, source.key))];
}

const HANDLERS: Record<string, Handler> = {
  CreateBucket: ({ bucket }, request) => {
    const arn = bucketArn(bucket);
    const permissions = [permission('CreateBucket', arn)];
    const context: ConditionContext = {};
    const location = xmlText(request.body.toString('utf8'), 'LocationConstraint');
    if (location) context['s3:locationconstraint'] = location;
    const acl = header(request.headers, 'x-amz-acl');
    if (acl) context['s3:x-amz-acl'] = acl;
    if (header(request.headers, 'x-amz-object-ownership')) permissions.push(permission('PutBucketOwnershipControls', arn));
    if (header(request.headers, 'x-amz-bucket-object-lock-enabled') === 'true') {
      permissions.push(permission('PutBucketObjectLockConfiguration', arn), permission('PutBucketVersioning', arn));
    }
    return allow(permissions, context);
  },
  DeleteBucket: onBucket('DeleteBucket'),
  HeadBucket: onBucket('ListBucket'),
  ListObjects: onBucket('ListBucket', listingContext),
  ListObjectsV2: onBucket('ListBucket', listingContext),
  GetBucketLocation: onBucket('GetBucketLocation'),
  GetBucketPolicy: onBucket('GetBucketPolicy'),
  PutBucketPolicy: onBucket('PutBucketPolicy'),
  DeleteBucketPolicy: onBucket('DeleteBucketPolicy'),
  GetBucketTagging: onBucket('GetBucketTagging'),
  PutBucketTagging: onBucket('PutBucketTagging'),
  DeleteBucketTagging: onBucket('PutBucketTagging'),
  GetBucketVersioning: onBucket('GetBucketVersioning'),
  PutBucketVersioning: onBucket('PutBucketVersioning'),
  GetBucketAcl: onBucket('GetBucketAcl'),
  PutBucketAcl: onBucket('PutBucketAcl'),
  ListMultipartUploads: onBucket('ListBucketMultipartUploads'),
  GetObject: onObject('GetObject', 'GetObjectVersion'),
  HeadObject: onObject('GetObject', 'GetObjectVersion'),
  DeleteObject: onObject('DeleteObject', 'DeleteObjectVersion'),
  GetObjectTagging: onObject('GetObjectTagging', 'GetObjectVersionTagging'),
  PutObjectTagging: onObject('PutObjectTagging', 'PutObjectVersionTagging'),
  DeleteObjectTagging: onObject('DeleteObjectTagging', 'DeleteObjectVersionTagging'),
  GetObjectAcl: onObject('GetObjectAcl', 'GetObjectVersionAcl'),
  PutObjectAcl: onObject('PutObjectAcl', 'PutObjectVersionAcl'),
  AbortMultipartUpload: onObject('AbortMultipartUpload'),
  ListParts: onObject('ListMultipartUploadParts'),
  PutObject: (location, request) => writeObject(location, request),
  CreateMultipartUpload: (location, request) => writeObject(location, request),
  CompleteMultipartUpload: onObject('PutObject'),
  UploadPart: (location, request) => {
    if (!location.key) return missingParameter(request.operation, 'object key', 'object');
    // UploadPartCopy is a PUT with partNumber and x-amz-copy-source: it reads the source too.
    return allow([...(copySourceRead(request) ?? []), permission('PutObject', objectArn(location.bucket, location.key))]);
  },
  CopyObject: (location, request) => {
    const read = copySourceRead(request);
    if (!read) return missingParameter(request.operation, 'x-amz-copy-source', 'source object');
    return writeObject(location, request, read);
  },
  DeleteObjects: ({ bucket }, request) => {
    const objects = xmlElements(request.body.toString('utf8'), 'Object');
    if (objects.length === 0) return missingParameter(request.operation, 'object key', 'object');
    return allow(
      objects.map((object) => {
        const key = unescapeXml(xmlElements(object, 'Key')[0] ?? '');
        return permission(xmlElements(object, 'VersionId').length > 0 ? 'DeleteObjectVersion' : 'DeleteObject', objectArn(bucket, key));
      }),
    );
  },
};

export const S3_OPERATIONS = ['ListBuckets', ...Object.keys(HANDLERS)];

export function s3Permissions(request: AuthorizedRequest): ServiceAnswer | undefined {
  const name = request.operation.name;
  if (name === 'ListBuckets') return allow([permission('ListAllMyBuckets', '*')]);
  const handler = HANDLERS[name];
  if (!handler) return undefined;
  const { bucket, key } = s3Location(request.url);
  if (!bucket) return notModelled(request.operation, 'the dojo reads buckets from path-style URLs (/bucket/key) only');
  return handler({ bucket, ...(key !== undefined && { key }) }, request);
}
