export type { Ledger, LedgerRecord, LedgerStatus, RecordQuery } from './types.js';
export type { GroupBy, Report, ReportQuery, ReportTotals, ModelTotals, ProviderTotals, GroupTotals, TokenTotals } from './report.js';
export { GROUP_BY, isGroupBy } from './report.js';
export { openLedger, parseLedgerUrl, type LedgerLocation, type OpenLedgerOptions } from './open.js';
export { parseTimeBound } from './since.js';
