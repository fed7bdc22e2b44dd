// Ops and village staff: one agreement with its progress, its settlement line by line (and as CSV), and,
// for ops, cancelling it.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { DataTable, Field, Problem, useForm } from '../components';
import { statusLabel, t } from '../i18n';
import { href } from '../router';
import type { AgreementSummary } from './villages';

interface SettlementLine {
  lotCode: string;
  grade: string;
  quantityKg: number;
  fenPerKg: number;
  expectedPayoutFen: number;
  acceptedKg: number | null;
  rejectedKg: number | null;
  actualPayoutFen: number | null;
  status: string;
}
interface Settlement {
  lots: SettlementLine[];
  totals: { lotCount: number; quantityKg: number; expectedPayoutFen: number; acceptedKg: number; actualPayoutFen: number };
}

const yuan = (fen: number | null) => (fen === null ? '' : (fen / 100).toFixed(2));

/** The settlement as a CSV a spreadsheet opens: UTF-8 with a byte-order mark, every field quoted. */
export function settlementCsv(settlement: Settlement): string {
  const head = ['lotCode', 'grade', 'quantityKg', 'fenPerKg', 'expectedPayoutFen', 'acceptedKg', 'rejectedKg', 'actualPayoutFen', 'status'];
  const rows = settlement.lots.map((l) => head.map((name) => l[name as keyof SettlementLine] ?? ''));
  const quote = (value: unknown) => `"${String(value).replace(/"/g, '""')}"`;
  return `\ufeff${[head, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

export function AgreementDetail({ agreementId, ops }: { agreementId: string; ops: boolean }) {
  const [agreement, setAgreement] = useState<AgreementSummary>();
  const [settlement, setSettlement] = useState<Settlement>();
  const [problem, setProblem] = useState<string>();
  const form = useForm({ reason: '' });
  const load = () =>
    Promise.all([
      api<AgreementSummary>('GET', `/api/v1/agreements/${agreementId}`).then(setAgreement),
      api<Settlement>('GET', `/api/v1/agreements/${agreementId}/settlement`).then(setSettlement),
    ]).catch((error: Error) => setProblem(error.message));
  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once per agreement
  useEffect(() => void load(), [agreementId]);
  const download = () => {
    if (!settlement) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([settlementCsv(settlement)], { type: 'text/csv;charset=utf-8' }));
    link.download = `settlement-${agreementId}.csv`;
    link.click();
  };
  const cancel = (event: Event) => {
    event.preventDefault();
    void form.submit(() =>
      api('POST', `/api/v1/agreements/${agreementId}/cancel`, form.values.reason ? { reason: form.values.reason } : {}).then(load),
    );
  };
  if (!agreement) return <Problem text={problem} />;
  return (
    <section>
      <p>
        <a href={href('villages', agreement.villageId)}>← {t('agreements')}</a>
      </p>
      <h1>
        {agreement.crop} · <code>{agreementId}</code>
      </h1>
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd>{statusLabel(agreement.status)}</dd>
        <dt>{t('committedKg')}</dt>
        <dd>{agreement.committedKg}</dd>
        <dt>{t('delivered')}</dt>
        <dd>{agreement.deliveredKg}</dd>
        <dt>{t('remaining')}</dt>
        <dd>{agreement.remainingKg}</dd>
        <dt>{t('deliveryWindow')}</dt>
        <dd>
          {agreement.deliveryWindow.from} – {agreement.deliveryWindow.to}
        </dd>
      </dl>
      <progress max={agreement.committedKg} value={agreement.deliveredKg} aria-label={t('delivered')} />
      <h2>{t('settlement')}</h2>
      {settlement && (
        <>
          <DataTable
            caption={t('settlement')}
            rows={settlement.lots}
            columns={[
              { label: t('lotCode'), value: (l) => l.lotCode, render: (l) => <code>{l.lotCode}</code> },
              { label: t('grade'), value: (l) => l.grade },
              { label: t('quantityKg'), value: (l) => l.quantityKg },
              { label: t('expectedYuan'), value: (l) => l.expectedPayoutFen, render: (l) => yuan(l.expectedPayoutFen) },
              { label: t('acceptedKg'), value: (l) => l.acceptedKg ?? -1, render: (l) => l.acceptedKg ?? '' },
              { label: t('paidYuan'), value: (l) => l.actualPayoutFen ?? -1, render: (l) => yuan(l.actualPayoutFen) },
              { label: t('status'), value: (l) => l.status, render: (l) => statusLabel(l.status) },
            ]}
          />
          <p class="totals">
            {settlement.totals.lotCount} · {settlement.totals.quantityKg} kg · ¥{yuan(settlement.totals.expectedPayoutFen)} → ¥
            {yuan(settlement.totals.actualPayoutFen)}
          </p>
          <button type="button" class="secondary" onClick={download}>
            {t('downloadCsv')}
          </button>
        </>
      )}
      {ops && agreement.status === 'active' && (
        <form onSubmit={cancel} class="card danger" aria-label={t('cancelAgreement')}>
          <Problem text={form.problem} />
          <Field label={t('reason')} value={form.values.reason} onInput={form.set('reason')} error={form.errors.reason} />
          <button type="submit" disabled={form.busy}>
            {t('cancelAgreement')}
          </button>
        </form>
      )}
    </section>
  );
}
