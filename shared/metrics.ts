// Names shared by the functions that emit business metrics and the infra that charts and alarms on them.

export const METRICS_NAMESPACE = 'VillageDirect';
export const SERVICE_NAME = 'village-direct';

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
