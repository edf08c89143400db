export * from './config';
export * from './open-storage';
export * from './shutdown';
export * from './secrets';
export * from './cli-token';
