import * as ipaddr from 'ipaddr.js';

/** Whether `address` lies in `cidr`; false when one is IPv4 and the other IPv6, or either is malformed. */
export function cidrContains(cidr: string, address: string): boolean {
  if (!ipaddr.isValidCIDR(cidr) || !ipaddr.isValid(address)) return false;
  const [network, bits] = ipaddr.parseCIDR(cidr);
  const parsed = ipaddr.parse(address);
  if (parsed.kind() !== network.kind()) return false;
  return parsed.match(network, bits);
}

/** The prefix length of a CIDR block (0 for 0.0.0.0/0). */
export function prefixLength(cidr: string): number {
  return ipaddr.parseCIDR(cidr)[1];
}

/**
 * The `index`-th address AWS can hand out in an IPv4 subnet (it keeps the network address and the
 * next three): where the model places an interface whose own address is not known. Subnets are
 * /28 or larger, so a small index stays in the last byte.
 */
export function assignableAddress(cidr: string, index: number): string {
  const bytes = ipaddr.IPv4.networkAddressFromCIDR(cidr).toByteArray();
  bytes[3] += 4 + index;
  return ipaddr.fromByteArray(bytes).toString();
}
