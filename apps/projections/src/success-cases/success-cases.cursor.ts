/**
 * Where a page of success cases ended, in their listing order: the placement month and the row's
 * sort key (a one-way hash of the case id). Handed out as an opaque base64url token.
 */
export type SuccessCaseCursor = Readonly<{ placementMonth: string; sortKey: string }>;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const SORT_KEY = /^[0-9a-f]{32}$/;

export const encodeCursor = (cursor: SuccessCaseCursor): string =>
  Buffer.from(JSON.stringify([cursor.placementMonth, cursor.sortKey])).toString('base64url');

/** The cursor a token stands for, or null when it is not one this service handed out. */
export function decodeCursor(token: string): SuccessCaseCursor | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [placementMonth, sortKey] = value as unknown[];
  return typeof placementMonth === 'string' && MONTH.test(placementMonth) && typeof sortKey === 'string' && SORT_KEY.test(sortKey)
    ? { placementMonth, sortKey }
    : null;
}
