// Loaded into every node process of a measured command (NODE_OPTIONS=--require) when /usr/bin/time is not
// available: appends the process's peak resident set size (KB) and CPU time (µs) to BENCH_RSS_FILE at exit.
'use strict';
const fs = require('fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      fs.appendFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}\n`);
    } catch {
      // measuring must never change the outcome of the measured command
    }
  });
}
