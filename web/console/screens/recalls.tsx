// Ops: recalls at scope. Start one (a village, an agreement or listed lot codes, narrowed by crop and
// harvest dates), then watch it run: its progress refreshes until every lot is recalled.

import { api } from '../api';
import { DataTable, Field, MoreButton, Problem, useForm, useJob, useList } from '../components';
import { pick, statusLabel, t } from '../i18n';
import { go, href } from '../router';
import { createdColumn, scopeOf } from '../scope';

interface Recall {
  recallId: string;
  clientRecallId: string;
  status: 'running' | 'completed';
  scope: { villageId?: string; agreementId?: string; lotCodes?: string[]; crop?: string; harvestedFrom?: string; harvestedTo?: string };
  reason: { zh: string; en: string };
  lotCount: number;
  recalledCount: number;
  createdAt: string;
}

const scopeText = (s: Recall['scope']) =>
  [
    s.villageId ?? s.agreementId ?? `${s.lotCodes?.length ?? 0} ${t('lots')}`,
    s.crop,
    s.harvestedFrom && `${s.harvestedFrom}–${s.harvestedTo ?? ''}`,
  ]
    .filter(Boolean)
    .join(' · ');

export function Recalls() {
  const list = useList<Recall>('/api/v1/recalls');
  const form = useForm({ anchor: 'villageId', anchorValue: '', crop: '', from: '', to: '', reasonZh: '', reasonEn: '' });
  const { values: v, errors: e, set } = form;
  const start = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      const recall = await api<Recall>('POST', '/api/v1/recalls', {
        clientRecallId: `console-${crypto.randomUUID()}`,
        scope: scopeOf(v),
        reason: { zh: v.reasonZh, en: v.reasonEn },
      });
      go('recalls', recall.recallId);
    });
  };
  const anchorError = e[`scope.${v.anchor}`] ?? e['scope.villageId'] ?? e['scope.agreementId'] ?? e['scope.lotCodes'];
  return (
    <section>
      <h1>{t('recalls')}</h1>
      <Problem text={list.problem} />
      <DataTable
        caption={t('recalls')}
        rows={list.items}
        columns={[
          createdColumn<Recall>('recalls', (r) => r.recallId),
          { label: t('scope'), value: (r) => scopeText(r.scope) },
          { label: t('reason'), value: (r) => pick(r.reason) },
          { label: t('status'), value: (r) => r.status, render: (r) => statusLabel(r.status) },
          { label: t('lots'), value: (r) => r.recalledCount, render: (r) => `${r.recalledCount} / ${r.lotCount}` },
        ]}
      />
      <MoreButton more={list.more} />
      <form onSubmit={start} class="card danger" aria-label={t('startRecall')}>
        <h2>{t('startRecall')}</h2>
        <Problem text={form.problem} />
        <Field
          label={t('scope')}
          value={v.anchor}
          onInput={set('anchor')}
          options={[
            { value: 'villageId', label: t('villageId') },
            { value: 'agreementId', label: t('agreement') },
            { value: 'lotCodes', label: t('lotCodes') },
          ]}
        />
        <Field
          label={t(v.anchor === 'lotCodes' ? 'lotCodes' : v.anchor === 'agreementId' ? 'agreement' : 'villageId')}
          value={v.anchorValue}
          onInput={set('anchorValue')}
          error={anchorError}
          multiline={v.anchor === 'lotCodes'}
          required
        />
        <Field label={t('crop')} value={v.crop} onInput={set('crop')} error={e['scope.crop']} />
        <Field label={t('harvestedFrom')} value={v.from} onInput={set('from')} error={e['scope.harvestedFrom']} type="date" />
        <Field label={t('harvestedTo')} value={v.to} onInput={set('to')} error={e['scope.harvestedTo']} type="date" />
        <Field label={t('reasonZh')} value={v.reasonZh} onInput={set('reasonZh')} error={e['reason.zh']} required />
        <Field label={t('reasonEn')} value={v.reasonEn} onInput={set('reasonEn')} error={e['reason.en']} required />
        <button type="submit" disabled={form.busy}>
          {t('startRecall')}
        </button>
      </form>
    </section>
  );
}

export function RecallDetail({ recallId }: { recallId: string }) {
  const { job: recall, problem } = useJob<Recall>(`/api/v1/recalls/${recallId}`);
  const lots = useList<{ lotCode: string; recalledAt: string }>(
    recall?.status === 'completed' ? `/api/v1/recalls/${recallId}/lots` : undefined,
  );
  if (!recall) return <Problem text={problem} />;
  return (
    <section>
      <p>
        <a href={href('recalls')}>← {t('recalls')}</a>
      </p>
      <h1>
        {t('recalls')} · <code>{recallId}</code>
      </h1>
      <p>{pick(recall.reason)}</p>
      <p>{scopeText(recall.scope)}</p>
      <p role="status" aria-live="polite">
        {t('status')}: {statusLabel(recall.status)} · {recall.recalledCount} / {recall.lotCount}
      </p>
      <progress max={Math.max(recall.lotCount, 1)} value={recall.recalledCount} aria-label={t('progress')} />
      {recall.status === 'completed' && (
        <>
          <DataTable
            caption={t('lots')}
            rows={lots.items}
            columns={[
              { label: t('lotCode'), value: (l) => l.lotCode, render: (l) => <code>{l.lotCode}</code> },
              { label: t('recordedAt'), value: (l) => l.recalledAt },
            ]}
          />
          <MoreButton more={lots.more} />
        </>
      )}
    </section>
  );
}
