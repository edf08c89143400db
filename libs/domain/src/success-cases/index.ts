export * from './success-case';
export * from './success-case-aggregates';
