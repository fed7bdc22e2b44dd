// Ops: signed store receipts that could not be applied, with why, newest first.
import { DataTable, MoreButton, Problem, useList } from '../components';
import { t } from '../i18n';

interface ReceiptException {
  storeId: string;
  webhookId: string;
  reason: string;
  lotCode?: string;
  recordedAt: string;
}

export function Exceptions() {
  const list = useList<ReceiptException>('/api/v1/receipts/exceptions');
  return (
    <section>
      <h1>{t('exceptions')}</h1>
      <Problem text={list.problem} />
      <DataTable
        caption={t('exceptions')}
        rows={list.items}
        columns={[
          { label: t('recordedAt'), value: (r) => r.recordedAt, render: (r) => r.recordedAt.replace('T', ' ').slice(0, 19) },
          { label: t('storeId'), value: (r) => r.storeId },
          { label: t('reason'), value: (r) => r.reason },
          { label: t('lotCode'), value: (r) => r.lotCode ?? '', render: (r) => <code>{r.lotCode}</code> },
          { label: t('webhookId'), value: (r) => r.webhookId, render: (r) => <code>{r.webhookId}</code> },
        ]}
      />
      <MoreButton more={list.more} />
    </section>
  );
}
