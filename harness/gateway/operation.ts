import type { IncomingHttpHeaders } from 'node:http';

export type Protocol = 'json' | 'ec2-query' | 'query' | 'rest-xml';

/** Which API operation a request calls, and the wire protocol its errors must use. */
export interface Operation {
  service: string;
  name: string;
  protocol: Protocol;
}

/**
 * Derives the operation from the request the way each protocol names it:
 * awsJson (ECS, ECR, CloudWatch Logs) by X-Amz-Target, query (IAM, STS, EC2) by Action,
 * S3 by method, path and sub-resource.
 */
export function identifyOperation(
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
  body: Buffer,
  signingService: string | undefined,
): Operation {
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) {
    return { service: signingService ?? serviceFromTarget(target), name: target.slice(target.lastIndexOf('.') + 1), protocol: 'json' };
  }
  const action = url.searchParams.get('Action') ?? formAction(headers, body);
  if (action) {
    const service = signingService ?? 'unknown';
    return { service, name: action, protocol: service === 'ec2' ? 'ec2-query' : 'query' };
  }
  if (signingService === 's3' || signingService === undefined) {
    return { service: 's3', name: s3OperationName(method, url, headers), protocol: 'rest-xml' };
  }
  return { service: signingService, name: `${method} ${url.pathname}`, protocol: 'json' };
}

const TARGET_PREFIXES: Record<string, string> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
  Logs_20140328: 'logs',
};

function serviceFromTarget(target: string): string {
  return TARGET_PREFIXES[target.slice(0, target.indexOf('.'))] ?? 'unknown';
}

function formAction(headers: IncomingHttpHeaders, body: Buffer): string | null {
  const type = headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') || body.length === 0) return null;
  return new URLSearchParams(body.toString('utf8')).get('Action');
}

type SubResourceRule = [subResource: string, operation: string];

// S3's REST API names an operation by method, whether a bucket and key are present, and the
// first sub-resource in the query string. Path-style addressing only: the harness's clients use it.
const S3_RULES: Record<string, { service?: string; bucket?: [SubResourceRule[], string]; object?: [SubResourceRule[], string] }> = {
  GET: {
    service: 'ListBuckets',
    bucket: [
      [['policy', 'GetBucketPolicy'], ['location', 'GetBucketLocation'], ['tagging', 'GetBucketTagging'], ['versioning', 'GetBucketVersioning'], ['acl', 'GetBucketAcl'], ['uploads', 'ListMultipartUploads'], ['list-type', 'ListObjectsV2']],
      'ListObjects',
    ],
    object: [[['tagging', 'GetObjectTagging'], ['acl', 'GetObjectAcl'], ['uploadId', 'ListParts']], 'GetObject'],
  },
  PUT: {
    bucket: [[['policy', 'PutBucketPolicy'], ['tagging', 'PutBucketTagging'], ['versioning', 'PutBucketVersioning'], ['acl', 'PutBucketAcl']], 'CreateBucket'],
    object: [[['partNumber', 'UploadPart'], ['tagging', 'PutObjectTagging'], ['acl', 'PutObjectAcl']], 'PutObject'],
  },
  DELETE: {
    bucket: [[['policy', 'DeleteBucketPolicy'], ['tagging', 'DeleteBucketTagging']], 'DeleteBucket'],
    object: [[['uploadId', 'AbortMultipartUpload'], ['tagging', 'DeleteObjectTagging']], 'DeleteObject'],
  },
  HEAD: { bucket: [[], 'HeadBucket'], object: [[], 'HeadObject'] },
  POST: {
    bucket: [[['delete', 'DeleteObjects']], 'PostObject'],
    object: [[['uploads', 'CreateMultipartUpload'], ['uploadId', 'CompleteMultipartUpload']], 'PostObject'],
  },
};

function s3OperationName(method: string, url: URL, headers: IncomingHttpHeaders): string {
  const [bucket, ...key] = url.pathname.split('/').filter(Boolean);
  const rules = S3_RULES[method];
  const level = !bucket ? 'service' : key.length === 0 ? 'bucket' : 'object';
  if (level === 'object' && method === 'PUT' && headers['x-amz-copy-source']) return 'CopyObject';
  const rule = rules?.[level];
  if (!rule) return `${method} ${url.pathname}`;
  if (typeof rule === 'string') return rule;
  const [subResources, fallback] = rule;
  return subResources.find(([name]) => url.searchParams.has(name))?.[1] ?? fallback;
}

