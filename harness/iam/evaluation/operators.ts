import ipaddr from 'ipaddr.js';
import { matchesPattern, patternText, splitPattern, type Pattern } from './pattern';

/** A policy value of a condition, resolved: its pattern (variables replaced) and its text as written. */
export interface Operand {
  pattern: Pattern;
  text: string;
}

/**
 * One condition operator family of "IAM JSON policy elements: Condition operators": how a request
 * value compares to one policy value. A negated operator (StringNotEquals, NotIpAddress, …) is its
 * positive operator with the result turned over after all policy values are tried (NOR).
 */
export interface Operator {
  name: string;
  /** The positive comparison for one policy value. */
  compare(policy: Operand, requestValue: string): boolean;
  negated: boolean;
  /** String and ARN operators accept policy variables in their values ("…: Variables and tags"). */
  variables: boolean;
}

const stringEquals = (policy: Operand, value: string) => patternText(policy.pattern) === value;
const stringEqualsIgnoreCase = (policy: Operand, value: string) => patternText(policy.pattern).toLowerCase() === value.toLowerCase();
const stringLike = (policy: Operand, value: string) => matchesPattern(policy.pattern, value);

const OPERATORS: Operator[] = [
  op('StringEquals', stringEquals, false, true),
  op('StringNotEquals', stringEquals, true, true),
  op('StringEqualsIgnoreCase', stringEqualsIgnoreCase, false, true),
  op('StringNotEqualsIgnoreCase', stringEqualsIgnoreCase, true, true),
  op('StringLike', stringLike, false, true),
  op('StringNotLike', stringLike, true, true),
  op('NumericEquals', numeric((a, b) => a === b), false),
  op('NumericNotEquals', numeric((a, b) => a === b), true),
  op('NumericLessThan', numeric((request, policy) => request < policy), false),
  op('NumericLessThanEquals', numeric((request, policy) => request <= policy), false),
  op('NumericGreaterThan', numeric((request, policy) => request > policy), false),
  op('NumericGreaterThanEquals', numeric((request, policy) => request >= policy), false),
  op('DateEquals', date((a, b) => a === b), false),
  op('DateNotEquals', date((a, b) => a === b), true),
  op('DateLessThan', date((request, policy) => request < policy), false),
  op('DateLessThanEquals', date((request, policy) => request <= policy), false),
  op('DateGreaterThan', date((request, policy) => request > policy), false),
  op('DateGreaterThanEquals', date((request, policy) => request >= policy), false),
  op('Bool', (policy, value) => policy.text.toLowerCase() === value.toLowerCase(), false),
  op('BinaryEquals', (policy, value) => policy.text === value, false),
  op('IpAddress', inRange, false),
  op('NotIpAddress', inRange, true),
  op('ArnEquals', arnLike, false, true),
  op('ArnLike', arnLike, false, true),
  op('ArnNotEquals', arnLike, true, true),
  op('ArnNotLike', arnLike, true, true),
];

/** The operator by name, case-insensitively (without ForAllValues:/ForAnyValue: or IfExists). */
export function operatorNamed(name: string): Operator | undefined {
  const wanted = name.toLowerCase();
  return OPERATORS.find((operator) => operator.name.toLowerCase() === wanted);
}

function op(name: string, compare: Operator['compare'], negated: boolean, variables = false): Operator {
  return { name, compare, negated, variables };
}

function numeric(test: (request: number, policy: number) => boolean): Operator['compare'] {
  return (policy, value) => {
    const a = toNumber(value);
    const b = toNumber(policy.text);
    return a !== undefined && b !== undefined && test(a, b);
  };
}

function toNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function date(test: (request: number, policy: number) => boolean): Operator['compare'] {
  return (policy, value) => {
    const a = toTime(value);
    const b = toTime(policy.text);
    return a !== undefined && b !== undefined && test(a, b);
  };
}

/** ISO 8601 dates and times, or epoch seconds ("Date condition operators"). */
function toTime(text: string): number | undefined {
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

/** IpAddress: the request address lies in the policy's CIDR block (a bare address is a /32 or /128). */
function inRange(policy: Operand, value: string): boolean {
  try {
    const address = ipaddr.process(value.trim());
    const text = policy.text.trim();
    const [network, bits] = text.includes('/') ? ipaddr.parseCIDR(text) : [ipaddr.parse(text), -1];
    const range = network.kind() === 'ipv6' && (network as ipaddr.IPv6).isIPv4MappedAddress() ? (network as ipaddr.IPv6).toIPv4Address() : network;
    const prefix = bits >= 0 ? (range !== network ? bits - 96 : bits) : range.kind() === 'ipv4' ? 32 : 128;
    return address.kind() === range.kind() && address.match(range, prefix);
  } catch {
    return false;
  }
}

/**
 * ArnEquals / ArnLike: each of the six colon-separated parts of the ARN is compared on its own,
 * case-sensitively, with `*` and `?` wildcards; a value that is not an ARN pattern (e.g. "*")
 * is compared as a whole.
 */
function arnLike(policy: Operand, value: string): boolean {
  const wanted = splitPattern(policy.pattern, ':', 6);
  if (wanted.length !== 6) return matchesPattern(policy.pattern, value);
  const parts = value.split(':');
  if (parts.length < 6) return false;
  const arn = [...parts.slice(0, 5), parts.slice(5).join(':')];
  return wanted.every((piece, index) => matchesPattern(piece, arn[index]));
}
