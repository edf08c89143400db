/** Unit tests need nothing; integration tests talk to real servers (PostgreSQL, Kafka). */
const base = {
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  moduleNameMapper: { '^@ayumi/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
};

module.exports = {
  // Integration suites start real databases and apps; unit tests finish far below this.
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
  ],
};
