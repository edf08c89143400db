import type { StoredEventWithoutMetadata } from '@ayumi/event-store';

/** A page of the log in either order, with the opaque position to read on after it. */
export type LogPage = Readonly<{
  events: readonly StoredEventWithoutMetadata[];
  position: string | null;
  /** The read came back full: more is likely to follow at once. */
  full: boolean;
}>;

/**
 * The log, page by page, in the order `read` gives it. After a full page (a rebuild, a lag) the next
 * one is already being read while the caller applies this one; it is used only if the caller then
 * asks for the page after that same position, so a caller that goes back to an earlier one reads afresh.
 */
export class LogPages {
  private ahead: Readonly<{ after: string | null; page: Promise<LogPage> }> | null = null;

  constructor(private readonly read: (after: string | null, limit: number) => Promise<LogPage>, private readonly size: number) {}

  async after(position: string | null): Promise<LogPage> {
    const ahead = this.ahead?.after === position ? this.ahead.page : null;
    this.ahead = null;
    const page = await (ahead ?? this.read(position, this.size));
    if (page.full) {
      const next = this.read(page.position, this.size);
      next.catch(() => undefined); // a failure is met when that page is asked for, or never
      this.ahead = { after: page.position, page: next };
    }
    return page;
  }
}
