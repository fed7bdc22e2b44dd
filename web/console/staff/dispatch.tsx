// Village staff and ops: record that a lot left for a store.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { Field, Problem, useForm } from '../components';
import { t } from '../i18n';

export function Dispatch() {
  const form = useForm({
    lotCode: '',
    storeId: '',
    at: new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16),
  });
  const [done, setDone] = useState<string>();
  const { values: v, errors: e, set } = form;
  const send = (event: Event) => {
    event.preventDefault();
    setDone(undefined);
    void form.submit(async () => {
      await api('POST', `/api/v1/lots/${encodeURIComponent(v.lotCode.trim())}/dispatch`, {
        storeId: v.storeId,
        dispatchedAt: new Date(v.at).toISOString(),
      });
      setDone(v.lotCode);
    });
  };
  return (
    <section>
      <h1>{t('dispatch')}</h1>
      {done && (
        <p class="notice" role="status">
          {t('done')}: <code>{done}</code>
        </p>
      )}
      <form onSubmit={send} class="card" aria-label={t('dispatch')}>
        <Problem text={form.problem} />
        <Field label={t('lotCode')} value={v.lotCode} onInput={set('lotCode')} error={e['path.lotCode']} required />
        <Field label={t('store')} value={v.storeId} onInput={set('storeId')} error={e.storeId} required />
        <Field label={t('dispatchedAt')} value={v.at} onInput={set('at')} error={e.dispatchedAt} type="datetime-local" required />
        <button type="submit" disabled={form.busy}>
          {t('dispatch')}
        </button>
      </form>
    </section>
  );
}
