#!/usr/bin/env node
'use strict';
// The `kata` command (`npm run kata`). Its TypeScript is compiled as it loads, like `npm run grade`.
const path = require('node:path');

require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', '..', '..', 'tsconfig.json') });
require('./main.ts')
  .main(process.argv.slice(2))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
