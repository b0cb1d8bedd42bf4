import type { IncomingHttpHeaders } from 'node:http';

/** Who signed a request, as far as the access key tells. */
export type Caller =
  | { kind: 'root'; accountId: string; accessKeyId: string; service: string; region: string }
  | { kind: 'unknown-key'; accessKeyId: string; service: string; region: string };

export type CallerResult = { ok: true; caller: Caller } | { ok: false; code: 'missing' | 'malformed'; detail: string };

/** An account root signs with its 12-digit account id as access key id (LocalStack's convention). */
const ROOT_ACCESS_KEY = /^\d{12}$/;
const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** Reads the SigV4 credential scope from the Authorization header or a presigned URL. */
export function identifyCaller(headers: IncomingHttpHeaders, url: URL): CallerResult {
  const authorization = headers.authorization;
  let scope: RegExpMatchArray | null = null;
  if (typeof authorization === 'string' && authorization.length > 0) {
    if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
      return {
        ok: false,
        code: 'malformed',
        detail: `Authorization header does not start with AWS4-HMAC-SHA256 (got "${authorization.slice(0, 30)}…"); sign requests with Signature Version 4.`,
      };
    }
    scope = authorization.match(CREDENTIAL);
    if (!scope) {
      return {
        ok: false,
        code: 'malformed',
        detail: "Authorization header requires a 'Credential' parameter of the form <AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request.",
      };
    }
  } else {
    const presigned = url.searchParams.get('X-Amz-Credential');
    if (!presigned) {
      return { ok: false, code: 'missing', detail: 'Request is missing Authentication Token' };
    }
    scope = `Credential=${presigned}`.match(CREDENTIAL);
    if (!scope) {
      return {
        ok: false,
        code: 'malformed',
        detail: 'X-Amz-Credential must be <AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request.',
      };
    }
  }
  const [, accessKeyId, , region, service] = scope;
  if (ROOT_ACCESS_KEY.test(accessKeyId)) {
    return { ok: true, caller: { kind: 'root', accountId: accessKeyId, accessKeyId, service, region } };
  }
  return { ok: true, caller: { kind: 'unknown-key', accessKeyId, service, region } };
}
