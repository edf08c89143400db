/** Business lines of the centre (DESIGN.md §1). The catalog in libs/domain gives their metrics. */
export const PROGRAM_IDS = ['employment-support', 'welfare-to-work', 'piecework', 'employer-support'] as const;
export type ProgramId = (typeof PROGRAM_IDS)[number];

export const EMPLOYMENT_TYPES = ['full-time', 'part-time'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
