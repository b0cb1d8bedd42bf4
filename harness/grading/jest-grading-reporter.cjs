// A Jest reporter for `npm run grade`: tells the grading process, over the IPC channel it spawned
// Jest with, when each kata's test file starts and what its tests did. Plain CommonJS because
// Jest loads reporters without transforming them.
const path = require('node:path');

const kataId = (testPath) => path.basename(path.dirname(testPath));

class JestGradingReporter {
  onTestFileStart(test) {
    send({ type: 'kata-start', id: kataId(test.path) });
  }

  onTestFileResult(test, result) {
    send({
      type: 'kata-result',
      run: {
        id: kataId(test.path),
        execError: result.testExecError ? result.failureMessage || result.testExecError.message : undefined,
        tests: result.testResults.map((t) => ({ title: t.title, status: t.status, failureMessages: t.failureMessages })),
      },
    });
  }
}

function send(message) {
  if (process.send && process.connected) process.send(message);
}

module.exports = JestGradingReporter;
