import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Protocol } from './operation';

export interface AwsErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const QUERY_NAMESPACES: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

/** An error in the shape the service's protocol uses, so SDKs parse its code and message. */
export function awsError(protocol: Protocol, service: string, status: number, code: string, message: string): AwsErrorResponse {
  const requestId = randomUUID();
  const text = escapeXml(message);
  switch (protocol) {
    case 'json':
      return {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: code, message }),
      };
    case 'ec2-query':
      return {
        status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${text}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'query': {
      const namespace = QUERY_NAMESPACES[service] ?? 'https://amazonaws.com/doc/';
      return {
        status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${text}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    }
    case 'rest-xml':
      return {
        status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${text}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
  }
}

/** The code, status and message AWS answers when it does not know the access key, per protocol. */
export function unknownAccessKeyError(protocol: Protocol, service: string, accessKeyId: string, dojoHint: string): AwsErrorResponse {
  switch (protocol) {
    case 'ec2-query':
      return awsError(protocol, service, 401, 'AuthFailure', `AWS was not able to validate the provided access credentials (${dojoHint})`);
    case 'rest-xml':
      return awsError(protocol, service, 403, 'InvalidAccessKeyId', `The AWS Access Key Id you provided does not exist in our records: ${accessKeyId} (${dojoHint})`);
    case 'json':
      return awsError(protocol, service, 400, 'UnrecognizedClientException', `The security token included in the request is invalid. (${dojoHint})`);
    case 'query':
      return awsError(protocol, service, 403, 'InvalidClientTokenId', `The security token included in the request is invalid. (${dojoHint})`);
  }
}

/** What AWS answers a request with no signature ('missing') or an unreadable one ('malformed'). */
export function unsignedRequestError(protocol: Protocol, service: string, problem: 'missing' | 'malformed', detail: string): AwsErrorResponse {
  if (protocol === 'rest-xml') {
    return problem === 'missing'
      ? awsError(protocol, service, 403, 'AccessDenied', `Access Denied (${detail})`)
      : awsError(protocol, service, 400, 'AuthorizationHeaderMalformed', detail);
  }
  return problem === 'missing'
    ? awsError(protocol, service, 403, 'MissingAuthenticationToken', detail)
    : awsError(protocol, service, 400, 'IncompleteSignature', detail);
}

/** The error code in a failed AWS response: x-amzn-ErrorType, a JSON __type, or an XML <Code>. */
export function awsErrorCode(headers: IncomingHttpHeaders, body: string): string | undefined {
  const header = headers['x-amzn-errortype'];
  const raw =
    (typeof header === 'string' ? header : undefined) ??
    body.match(/"__type"\s*:\s*"([^"]+)"/)?.[1] ??
    body.match(/<Code>([^<]+)<\/Code>/)?.[1];
  // Codes may come namespaced ("com.amazonaws.ecs#ClusterNotFoundException") or with a suffix ("X:http://…").
  return raw?.split(':')[0].split('#').pop();
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
