// The in-process report scheduler: a timer that asks the service to run due schedules; unref'd, stopped on shutdown.

import { reportServiceLimits } from './limits.js';
import type { ReportsService } from './service.js';

/** Periodically runs due report schedules. Time decisions use the service's Clock, so tests drive them by hand. */
export class ReportScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly service: ReportsService,
    private readonly tickMs: number = reportServiceLimits.schedulerTickMs,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Starts ticking; the timer does not keep the process alive. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
  }

  /** One pass over due schedules; a pass still running is joined rather than overlapped. */
  async tick(): Promise<{ ran: number; failed: number }> {
    if (this.running !== undefined) {
      await this.running;
      return { ran: 0, failed: 0 };
    }
    const pass = this.service.runDueSchedules();
    this.running = pass;
    try {
      return await pass;
    } catch (error) {
      this.onError(error);
      return { ran: 0, failed: 0 };
    } finally {
      this.running = undefined;
    }
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
