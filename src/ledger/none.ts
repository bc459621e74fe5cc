/** The `none` ledger: metering still runs (budgets need it) but nothing is stored. */
import { emptyReport, type Report, type ReportQuery } from './report.js';
import type { Ledger, LedgerRecord, RecordQuery } from './types.js';

export class NoneLedger implements Ledger {
  readonly kind = 'none';

  append(_record: LedgerRecord): void {}

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  async report(query: ReportQuery): Promise<Report> {
    return emptyReport(query);
  }

  async *records(_query: RecordQuery): AsyncIterable<LedgerRecord> {}
}
