// A Jest reporter that adds each run's counts to YEKUO_TEST_COUNTS (a JSON-lines file), so
// `npm test` can print one total over the runs Nx starts per project.
const { appendFileSync } = require('node:fs');

class CountReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.YEKUO_TEST_COUNTS;
    if (!file) return;
    const line = {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      suitesFailed: results.numFailedTestSuites + results.numRuntimeErrorTestSuites,
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }
}

module.exports = CountReporter;
