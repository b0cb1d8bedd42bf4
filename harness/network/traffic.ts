/** One flow a task opens: the model only needs TCP, since every destination is a TCP port. */
export interface Traffic {
  protocol: 'tcp';
  port: number;
}

export interface PortRange {
  from: number;
  to: number;
}

/** Where a client's reply comes back: the ephemeral ports AWS tells network ACLs to allow. */
export const EPHEMERAL_PORTS: PortRange = { from: 1024, to: 65535 };

const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/**
 * Security group rules and network ACL entries name a protocol by keyword or IANA number
 * ("tcp" or "6", "-1" or "all"), depending on who created them.
 */
const PROTOCOL_NAMES: Record<string, string> = { '-1': 'all', all: 'all', '6': 'tcp', '17': 'udp', '1': 'icmp' };

function protocolName(ruleProtocol: string): string {
  const lower = ruleProtocol.toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}

/** Whether a rule's protocol covers `protocol`. */
export function protocolMatches(ruleProtocol: string | undefined, protocol: Traffic['protocol']): boolean {
  if (ruleProtocol === undefined) return false;
  const name = protocolName(ruleProtocol);
  return name === 'all' || name === protocol;
}

/** A rule's port range: a rule for every protocol ignores ports, and one that names none covers them all. */
export function rulePorts(ruleProtocol: string, from: number | undefined, to: number | undefined): PortRange {
  if (protocolName(ruleProtocol) === 'all' || from === undefined || to === undefined || from < 0 || to < 0) return ALL_PORTS;
  return { from, to };
}

export function portsOverlap(a: PortRange, b: PortRange): PortRange | undefined {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from <= to ? { from, to } : undefined;
}

export function formatPorts(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}
