// `npm test` runs every workspace as one jest run (one summary, one JSON report for CI).
module.exports = {
  // Global options (per-project ones are ignored for these): integration tests wait on real I/O.
  testTimeout: 60_000,
  projects: ['<rootDir>/packages/*', '<rootDir>/services/*', '<rootDir>/gateway', '<rootDir>/e2e'],
};
