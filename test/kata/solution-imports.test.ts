import { forbiddenImports } from '../../harness/kata/solution-imports';

const FILE = 'pair-a/06-policy-document/solution.ts';

describe('what a solution may import', () => {
  test.each([
    "import type { KataContext } from 'aws-basics-dojo';",
    "import { CreateVpcCommand } from '@aws-sdk/client-ec2';",
    "import { PutObjectCommand } from '@aws-sdk/client-s3';",
    "import ipaddr from 'ipaddr.js';",
    "import * as fs from 'node:fs';",
    "import { createHash } from 'crypto';",
  ])('%s is allowed', (line) => {
    expect(forbiddenImports(FILE, line)).toBeUndefined();
  });

  test.each([
    ["import { check } from 'aws-basics-dojo/testing';", "'aws-basics-dojo/testing'"],
    ["import { helper } from '../shared/helper';", "'../shared/helper'"],
    ["import { expect } from '@jest/globals';", "'@jest/globals'"],
    ["const t = require('ts-jest');", "'ts-jest'"],
    ["const m = await import('../../harness/kata/define-kata');", "'../../harness/kata/define-kata'"],
  ])('%s is refused, naming the import and the rule', (line, named) => {
    const refusal = forbiddenImports(FILE, line)!;
    expect(refusal.en).toContain(`${FILE} imports ${named}. A solution may import only Node built-ins, @aws-sdk/* clients, the project's dependencies (`);
    expect(refusal.ja).toContain(`${FILE} が ${named} を import しています。`);
  });
});
