// Village staff: record a harvested lot, with or without signal. The lot joins the phone's outbox at
// once and shows as waiting, synced with its lot code, or refused with the API's reason.
import { useEffect, useState } from 'preact/hooks';
import { Field, Problem, today, useForm } from '../components';
import { reasonText, t } from '../i18n';
import { clearDone, outbox, queueLot, sync } from '../outbox';
import { useValue } from '../state';
import { expired } from '../auth';
import { agreements, cropOf, refreshAgreements } from './agreements';

export function Intake({ villageId }: { villageId?: string }) {
  const list = useValue(agreements).filter((a) => a.status === 'active');
  const queue = useValue(outbox);
  const isExpired = useValue(expired);
  const [online, setOnline] = useState(navigator.onLine);
  // What remains of each agreement changes with every lot the API records: read it again then.
  const recorded = queue.filter((entry) => entry.state === 'synced').length;
  useEffect(() => {
    if (villageId) refreshAgreements(villageId).catch(() => undefined);
  }, [villageId, recorded]);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  const form = useForm({ agreementId: '', grade: '', quantityKg: '', harvestedOn: today(), field: '', store: '' });
  const { values: v, set } = form;
  const chosen = list.find((a) => a.agreementId === v.agreementId);
  const record = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      await queueLot(v.agreementId, {
        grade: v.grade,
        quantityKg: Number(v.quantityKg),
        harvestedOn: v.harvestedOn,
        ...(v.field && { field: v.field }),
        ...(v.store && { destinationStoreId: v.store }),
      });
      set('quantityKg')('');
      set('field')('');
    });
  };
  return (
    <section>
      <h1>{t('intake')}</h1>
      {!online && (
        <p class="notice" role="status">
          {t('offline')}
        </p>
      )}
      {isExpired && (
        <p class="notice" role="alert">
          {t('signInAgain')}
        </p>
      )}
      <form onSubmit={record} class="card" aria-label={t('intake')}>
        <Problem text={form.problem} />
        <Field
          label={t('agreement')}
          value={v.agreementId}
          onInput={set('agreementId')}
          required
          options={list.map((a) => ({ value: a.agreementId, label: `${cropOf(a)} · ${t('remaining')} ${a.remainingKg} kg` }))}
        />
        <Field
          label={t('grade')}
          value={v.grade}
          onInput={set('grade')}
          required
          options={(chosen?.prices ?? []).map((p) => ({ value: p.grade, label: p.grade }))}
        />
        <Field
          label={t('quantityKg')}
          value={v.quantityKg}
          onInput={set('quantityKg')}
          type="number"
          step="0.001"
          inputMode="decimal"
          required
        />
        <Field label={t('harvestedOn')} value={v.harvestedOn} onInput={set('harvestedOn')} type="date" required />
        <Field label={t('field')} value={v.field} onInput={set('field')} />
        <Field label={t('store')} value={v.store} onInput={set('store')} />
        <button type="submit" disabled={form.busy}>
          {t('recordLot')}
        </button>
      </form>
      <h2>{t('myLots')}</h2>
      <ul class="outbox" aria-label={t('myLots')}>
        {queue.map((entry) => (
          <li key={entry.clientLotId} class={`entry ${entry.state}`}>
            <span>
              {entry.body.quantityKg} kg · {entry.body.grade} · {entry.body.harvestedOn}
            </span>
            <strong>
              {entry.state === 'waiting' && t('waiting')}
              {entry.state === 'synced' && `${t('synced')} · ${entry.lotCode}`}
              {entry.state === 'refused' &&
                `${t('refused')}: ${entry.problemCode ? reasonText(entry.problemCode, entry.problem ?? '') : entry.problem}`}
            </strong>
          </li>
        ))}
      </ul>
      {queue.some((e) => e.state === 'waiting') && online && (
        <button type="button" class="secondary" onClick={() => void sync()}>
          ↻ {t('waiting')}
        </button>
      )}
      {queue.some((e) => e.state !== 'waiting') && (
        <button type="button" class="secondary" onClick={clearDone}>
          {t('done')}
        </button>
      )}
    </section>
  );
}
