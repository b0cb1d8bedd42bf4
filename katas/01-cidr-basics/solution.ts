import type { CidrToolkit, KataContext } from 'aws-basics-dojo';

// Fill in the four functions (see README.md). The `ipaddr.js` library is installed if you want it;
// plain arithmetic works too.
export default async function solve(ctx: KataContext): Promise<CidrToolkit> {
  return {
    // 16 → '255.255.0.0'
    netmask: (prefixLength) => '',
    // '10.0.0.0' → '00001010.00000000.00000000.00000000'
    toDottedBinary: (address) => '',
    // ('10.0.0.0/16', '10.0.16.0/20') → true
    contains: (outer, inner) => false,
    // ('10.0.0.0/16', 20) → ['10.0.0.0/20', '10.0.16.0/20', …]
    split: (cidr, newPrefix) => [],
  };
}
