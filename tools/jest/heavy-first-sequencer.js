const path = require('node:path');
const { default: TestSequencer } = require('@jest/test-sequencer');
const durations = require('./durations.json');

/**
 * Jest starts the longest files first so that its workers finish together, but it knows a file's
 * time only from its cache of earlier runs on this machine, which a clean clone (CI) does not have:
 * there it falls back to file size, and a 140 s browser spec that starts last holds the whole run
 * up. This falls back to durations.json: seconds per file from a full run (1 for the files under
 * 5 s, for which jest prints no time). A file not listed there (a new one) runs first, as jest runs
 * any file it has no time for; refresh the list when the heavy files change.
 */
class HeavyFirstSequencer extends TestSequencer {
  time(test) {
    const seconds = durations[path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/')];
    return super.time(test) ?? (seconds === undefined ? undefined : seconds * 1000);
  }
}

module.exports = HeavyFirstSequencer;
