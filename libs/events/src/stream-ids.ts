/** Each stream is one aggregate; the prefix names the aggregate (DESIGN.md §2). */
export const STREAM_PREFIXES = { case: 'case-', employer: 'employer-', plan: 'plan-' } as const;
export type StreamCategory = keyof typeof STREAM_PREFIXES;

export const caseStreamId = (caseId: string): string => `${STREAM_PREFIXES.case}${caseId}`;
export const employerStreamId = (employerId: string): string => `${STREAM_PREFIXES.employer}${employerId}`;
export const planStreamId = (fiscalYear: number): string => `${STREAM_PREFIXES.plan}${fiscalYear}`;

export function parseStreamId(streamId: string): { category: StreamCategory; id: string } | null {
  for (const category of Object.keys(STREAM_PREFIXES) as StreamCategory[]) {
    const prefix = STREAM_PREFIXES[category];
    if (streamId.startsWith(prefix) && streamId.length > prefix.length) {
      return { category, id: streamId.slice(prefix.length) };
    }
  }
  return null;
}
