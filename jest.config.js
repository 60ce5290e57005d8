const os = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  // jest's default (one worker fewer than the cores) is one worker on 2 cores, where much of a test's time is spent
  // waiting for the synth and git processes it starts: two workers run the suite in about two thirds of the time
  maxWorkers: Math.max(2, os.availableParallelism()),
  // every file's own time after the summary, slowest first (scripts/jest-file-times.cjs)
  reporters: ['default', '<rootDir>/scripts/jest-file-times.cjs'],
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-esbuild-transform.cjs' },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
