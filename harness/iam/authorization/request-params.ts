import type { IncomingHttpHeaders } from 'node:http';
import type { ConditionContext } from './types';

export type JsonObject = Record<string, unknown>;

/** The awsJson body (ECS, ECR, CloudWatch Logs) as an object; an empty body is `{}`. Undefined when unreadable. */
export function jsonBody(body: Buffer): JsonObject | undefined {
  const text = body.toString('utf8').trim();
  if (text.length === 0) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** A non-empty string member of a JSON object. */
export function jsonString(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A list-of-strings member of a JSON object (non-strings are skipped). */
export function jsonStrings(object: JsonObject, key: string): string[] {
  const value = object[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.length > 0) : [];
}

/** Tags given as [{ <keyName>: k, <valueName>: v }] (ECR: Key/Value, ECS: key/value) or as a map (Logs). */
export function jsonTags(object: JsonObject, member: string, keyName: string, valueName: string): Record<string, string> {
  const value = object[member];
  const tags: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const tag of value) {
      if (tag === null || typeof tag !== 'object') continue;
      const key = (tag as JsonObject)[keyName];
      const tagValue = (tag as JsonObject)[valueName];
      if (typeof key === 'string') tags[key] = typeof tagValue === 'string' ? tagValue : '';
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, tagValue] of Object.entries(value as JsonObject)) tags[key] = typeof tagValue === 'string' ? tagValue : '';
  }
  return tags;
}

/** The parameters of a query-protocol request (IAM, STS, EC2): the query string, then the form body. */
export function queryParameters(url: URL, headers: IncomingHttpHeaders, body: Buffer): URLSearchParams {
  const params = new URLSearchParams(url.searchParams);
  const type = String(headers['content-type'] ?? '');
  if (body.length > 0 && (type === '' || type.startsWith('application/x-www-form-urlencoded'))) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.set(name, value);
  }
  return params;
}

/** A non-empty query parameter. */
export function queryString(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value !== null && value.length > 0 ? value : undefined;
}

/** A query-protocol list: `<prefix>.member.1`, `<prefix>.member.2`, … in order. */
export function queryList(params: URLSearchParams, prefix: string): string[] {
  const items: string[] = [];
  for (let index = 1; params.has(`${prefix}.member.${index}`); index += 1) items.push(params.get(`${prefix}.member.${index}`) ?? '');
  return items;
}

/** Query-protocol tags: `Tags.member.N.Key` / `Tags.member.N.Value`. */
export function queryTags(params: URLSearchParams, prefix = 'Tags'): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let index = 1; params.has(`${prefix}.member.${index}.Key`); index += 1) {
    tags[params.get(`${prefix}.member.${index}.Key`) ?? ''] = params.get(`${prefix}.member.${index}.Value`) ?? '';
  }
  return tags;
}

/** aws:RequestTag/<key> and aws:TagKeys for the tags a request attaches; nothing when it attaches none. */
export function requestTagContext(tags: Record<string, string>): ConditionContext {
  const keys = Object.keys(tags);
  if (keys.length === 0) return {};
  const context: ConditionContext = { 'aws:TagKeys': keys };
  for (const key of keys) context[`aws:RequestTag/${key}`] = tags[key];
  return context;
}

/** Bucket and key of a path-style S3 URL (/bucket/key), both URL-decoded. */
export function s3Location(url: URL): { bucket?: string; key?: string } {
  const path = url.pathname;
  if (!path.startsWith('/') || path.length === 1) return {};
  const slash = path.indexOf('/', 1);
  const bucket = safeDecode(slash === -1 ? path.slice(1) : path.slice(1, slash));
  if (slash === -1 || slash === path.length - 1) return { bucket };
  return { bucket, key: safeDecode(path.slice(slash + 1)) };
}

/** The source of CopyObject / UploadPartCopy: x-amz-copy-source is "[/]bucket/key[?versionId=…]", URL-encoded. */
export function s3CopySource(headers: IncomingHttpHeaders): { bucket: string; key: string; versionId?: string } | undefined {
  const raw = headers['x-amz-copy-source'];
  if (typeof raw !== 'string' || raw.length === 0) return undefined;
  const [path, query = ''] = raw.split('?', 2);
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) return undefined;
  const versionId = new URLSearchParams(query).get('versionId') ?? undefined;
  return { bucket: safeDecode(trimmed.slice(0, slash)), key: safeDecode(trimmed.slice(slash + 1)), ...(versionId && { versionId }) };
}

/** The text of every <tag>…</tag> in an XML body, entities decoded. Enough for S3's flat request bodies. */
export function xmlElements(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => match[1]);
}

export function xmlText(xml: string, tag: string): string | undefined {
  const [first] = xmlElements(xml, tag);
  return first === undefined ? undefined : unescapeXml(first);
}

export function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(parseInt(decimal, 10)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && text.length > 0 ? text : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
