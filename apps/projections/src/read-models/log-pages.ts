import type { EventStore, GlobalLogPage, LogPosition } from '@ayumi/event-store';

/**
 * The global log, page by page. After a full page (a rebuild, a lag) the next one is already being
 * read while the caller applies this one; it is used only if the caller then asks for the page after
 * that same position, so a caller that goes back to an earlier checkpoint reads afresh.
 */
export class LogPages {
  private ahead: Readonly<{ after: LogPosition | null; page: Promise<GlobalLogPage> }> | null = null;

  constructor(private readonly store: EventStore, private readonly size: number) {}

  async after(checkpoint: LogPosition | null): Promise<GlobalLogPage> {
    const ahead = this.ahead?.after === checkpoint ? this.ahead.page : null;
    this.ahead = null;
    const page = await (ahead ?? this.store.readAll(checkpoint, this.size));
    if (page.events.length === this.size) {
      const next = this.store.readAll(page.position, this.size);
      next.catch(() => undefined); // a failure is met when that page is asked for, or never
      this.ahead = { after: page.position, page: next };
    }
    return page;
  }
}
