// Shared by every workspace's jest.config.js. Tests import workspace packages from source, so no build
// is needed before `npm test`.
const path = require('node:path');
const root = __dirname;
const swcrc = JSON.parse(require('node:fs').readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: {
    '^@mim/gateway$': path.join(root, 'gateway/src'),
    '^@mim/(incident|problem|change|notification|analytics)-service$': path.join(root, 'services/$1/src'),
    '^@mim/(.*)$': path.join(root, 'packages/$1/src'),
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  setupFiles: [path.join(root, 'packages/testing/src/setup-reflect.js')],
  testTimeout: 60_000,
};
