// Ops: every store, registering one (its webhook secret shown this once, with a copy button) and rotating
// a store's secret.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { DataTable, Field, MoreButton, Problem, useForm, useList } from '../components';
import { pick, t } from '../i18n';

interface Store {
  storeId: string;
  name: { zh: string; en: string };
  city: string;
  createdAt: string;
}

function Secret({ storeId, secret }: { storeId: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="card secret" role="status">
      <p>{t('secretOnce')}</p>
      <p>
        <code>{storeId}</code>
      </p>
      <output class="secret-value">{secret}</output>
      <button type="button" onClick={() => navigator.clipboard.writeText(secret).then(() => setCopied(true))}>
        {copied ? t('copied') : t('copy')}
      </button>
    </div>
  );
}

export function Stores() {
  const list = useList<Store>('/api/v1/stores');
  const [shown, setShown] = useState<{ storeId: string; secret: string }>();
  const [problem, setProblem] = useState<string>();
  const form = useForm({ storeId: '', nameZh: '', nameEn: '', city: '' });
  const { values: v, errors: e, set } = form;
  const create = (event: Event) => {
    event.preventDefault();
    void form
      .submit(async () => {
        const store = await api<{ storeId: string; webhookSecret: string }>('POST', '/api/v1/stores', {
          storeId: v.storeId,
          name: { zh: v.nameZh, en: v.nameEn },
          city: v.city,
        });
        setShown({ storeId: store.storeId, secret: store.webhookSecret });
        list.reload();
      })
      .then((ok) => ok && form.reset());
  };
  const rotate = (storeId: string) =>
    api<{ webhookSecret: string }>('POST', `/api/v1/stores/${storeId}/webhook-secret/rotate`).then(
      (reply) => setShown({ storeId, secret: reply.webhookSecret }),
      (error: Error) => setProblem(error.message),
    );
  return (
    <section>
      <h1>{t('stores')}</h1>
      {shown && <Secret storeId={shown.storeId} secret={shown.secret} />}
      <Problem text={list.problem ?? problem} />
      <DataTable
        caption={t('stores')}
        rows={list.items}
        columns={[
          { label: t('storeId'), value: (r) => r.storeId, render: (r) => <code>{r.storeId}</code> },
          { label: t('nameZh'), value: (r) => pick(r.name) },
          { label: t('city'), value: (r) => r.city },
          {
            label: t('rotate'),
            value: () => '',
            render: (r) => (
              <button type="button" class="secondary" onClick={() => void rotate(r.storeId)} aria-label={`${t('rotate')} ${r.storeId}`}>
                {t('rotate')}
              </button>
            ),
          },
        ]}
      />
      <MoreButton more={list.more} />
      <form onSubmit={create} class="card" aria-label={`${t('create')} · ${t('stores')}`}>
        <h2>{t('create')}</h2>
        <Problem text={form.problem} />
        <Field label={t('storeId')} value={v.storeId} onInput={set('storeId')} error={e.storeId} required />
        <Field label={t('nameZh')} value={v.nameZh} onInput={set('nameZh')} error={e['name.zh']} required />
        <Field label={t('nameEn')} value={v.nameEn} onInput={set('nameEn')} error={e['name.en']} required />
        <Field label={t('city')} value={v.city} onInput={set('city')} error={e.city} required />
        <button type="submit" disabled={form.busy}>
          {t('create')}
        </button>
      </form>
    </section>
  );
}
