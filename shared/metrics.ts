// Names shared by the functions that emit business metrics and the infra that charts and alarms on them.

export const METRICS_NAMESPACE = 'VillageDirect';
export const SERVICE_NAME = 'village-direct';
/**
 * The dimension that keeps stages apart: dev and prod may share an account, and one namespace, but
 * never a series, so dev's receipt exceptions cannot raise prod's alarm.
 */
export const STAGE_DIMENSION = 'stage';

export const METRIC = {
  scanServed: 'ScanServed',
  scanNotFound: 'ScanNotFound',
  lotRecorded: 'LotRecorded',
  lotRecalled: 'LotRecalled',
  recallStarted: 'RecallStarted',
  receiptApplied: 'ReceiptApplied',
  receiptException: 'ReceiptException',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
