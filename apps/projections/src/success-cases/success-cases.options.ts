import type { FactoryProvider } from '@nestjs/common';
import { DEFAULT_SUCCESS_CASES_K } from '@ayumi/domain';

export const SUCCESS_CASES_OPTIONS = Symbol('SUCCESS_CASES_OPTIONS');

export type SuccessCasesOptions = Readonly<{
  /** Groups of fewer cases show no aggregates, and relaxation kinds of fewer cases are left out. */
  k: number;
  /** Rows per page the export reads (keyset-paginated): what bounds its memory. */
  exportPageSize: number;
}>;

export const DEFAULT_EXPORT_PAGE_SIZE = 500;

function positiveInteger(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/**
 * `SUCCESS_CASES_K` (default 5) and `SUCCESS_CASES_EXPORT_PAGE_SIZE` (default 500), validated: a bad
 * value stops the start with a message naming it.
 */
export function successCasesOptionsFrom(env: Readonly<Record<string, string | undefined>>): SuccessCasesOptions {
  return {
    k: positiveInteger(env, 'SUCCESS_CASES_K', DEFAULT_SUCCESS_CASES_K, 1_000),
    exportPageSize: positiveInteger(env, 'SUCCESS_CASES_EXPORT_PAGE_SIZE', DEFAULT_EXPORT_PAGE_SIZE, 10_000),
  };
}

/** Register in the projections module's providers; reads the environment once, at start-up. */
export const successCasesOptionsProvider: FactoryProvider<SuccessCasesOptions> = {
  provide: SUCCESS_CASES_OPTIONS,
  useFactory: () => successCasesOptionsFrom(process.env),
};
