// A Jest reporter (jest.config.ts) that records the learner's kata results for `npm run kata`.
// Jest loads reporters without transforming them, so this compiles the TypeScript one as it loads
// it, then turns the compiler off again; if that fails, the run goes on without recording.
const path = require('node:path');

function loadReporter() {
  const compiler = require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', '..', '..', 'tsconfig.json') });
  try {
    return require('./progress-reporter.ts').ProgressReporter;
  } finally {
    compiler.enabled(false);
  }
}

let Reporter;
try {
  Reporter = loadReporter();
} catch (error) {
  process.stderr.write(`[aws-basics-dojo] kata progress is not recorded in this run: ${error.message}\n`);
  Reporter = class {};
}

module.exports = Reporter;
