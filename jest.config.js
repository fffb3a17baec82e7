// `npm test` runs every workspace as one jest run (one summary, one JSON report for CI).
module.exports = {
  projects: ['<rootDir>/packages/*', '<rootDir>/services/*', '<rootDir>/gateway', '<rootDir>/e2e'],
};
