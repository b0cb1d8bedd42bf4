import ipaddr from 'ipaddr.js';
import type { CidrToolkit, KataContext } from 'aws-basics-dojo';

// Plain numbers rather than bit operators: JavaScript's are signed 32-bit, so 128.0.0.0 and up turn negative.
const toNumber = (address: string) => ipaddr.IPv4.parse(address).octets.reduce((n, octet) => n * 256 + octet, 0);
const toAddress = (n: number) => [3, 2, 1, 0].map((i) => Math.floor(n / 256 ** i) % 256).join('.');

export default async function solve(_ctx: KataContext): Promise<CidrToolkit> {
  return {
    netmask: (prefixLength) => ipaddr.IPv4.subnetMaskFromPrefixLength(prefixLength).toString(),

    toDottedBinary: (address) =>
      ipaddr.IPv4.parse(address)
        .octets.map((octet) => octet.toString(2).padStart(8, '0'))
        .join('.'),

    contains(outer, inner) {
      const [outerAddress, outerPrefix] = ipaddr.IPv4.parseCIDR(outer);
      const [innerAddress, innerPrefix] = ipaddr.IPv4.parseCIDR(inner);
      return innerPrefix >= outerPrefix && innerAddress.match(outerAddress, outerPrefix);
    },

    split(cidr, newPrefix) {
      const [address, prefix] = ipaddr.IPv4.parseCIDR(cidr);
      const start = toNumber(address.toString());
      const size = 2 ** (32 - newPrefix);
      return Array.from({ length: 2 ** (newPrefix - prefix) }, (_, i) => `${toAddress(start + i * size)}/${newPrefix}`);
    },
  };
}
