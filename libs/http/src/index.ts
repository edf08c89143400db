export * from './problem';
export * from './to-problem';
export * from './problem-details.filter';
export * from './validation.pipe';
export * from './validation';
