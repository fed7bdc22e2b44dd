// Ops: every village, a form to register one, and one village with its agreements.
import { api } from '../api';
import { DataTable, Field, MoreButton, Problem, useForm, useList } from '../components';
import { pick, statusLabel, t } from '../i18n';
import { go, href } from '../router';
import { Recommendations } from './offers';
import { AgreementForm } from './agreement-form';

export interface Village {
  villageId: string;
  name: { zh: string; en: string };
  province: string;
  county: string;
  createdAt: string;
}

export function Villages() {
  const list = useList<Village>('/api/v1/villages');
  const form = useForm({ nameZh: '', nameEn: '', province: '', county: '', storyZh: '', storyEn: '' });
  const { values: v, errors: e, set } = form;
  const create = (event: Event) => {
    event.preventDefault();
    void form
      .submit(() =>
        api<Village>('POST', '/api/v1/villages', {
          name: { zh: v.nameZh, en: v.nameEn },
          province: v.province,
          county: v.county,
          ...(v.storyZh || v.storyEn ? { story: { zh: v.storyZh, en: v.storyEn } } : {}),
        }).then((village) => go('villages', village.villageId)),
      )
      .then((ok) => ok && form.reset());
  };
  return (
    <section>
      <h1>{t('villages')}</h1>
      <Problem text={list.problem} />
      <DataTable
        caption={t('villages')}
        rows={list.items}
        columns={[
          { label: t('nameZh'), value: (r) => pick(r.name), render: (r) => <a href={href('villages', r.villageId)}>{pick(r.name)}</a> },
          { label: t('province'), value: (r) => r.province },
          { label: t('county'), value: (r) => r.county },
          { label: t('created'), value: (r) => r.createdAt.slice(0, 10) },
        ]}
      />
      <MoreButton more={list.more} />
      <form onSubmit={create} class="card" aria-label={`${t('create')} · ${t('villages')}`}>
        <h2>{t('create')}</h2>
        <Problem text={form.problem} />
        <Field label={t('nameZh')} value={v.nameZh} onInput={set('nameZh')} error={e['name.zh']} required />
        <Field label={t('nameEn')} value={v.nameEn} onInput={set('nameEn')} error={e['name.en']} required />
        <Field label={t('province')} value={v.province} onInput={set('province')} error={e.province} required />
        <Field label={t('county')} value={v.county} onInput={set('county')} error={e.county} required />
        <Field label={t('storyZh')} value={v.storyZh} onInput={set('storyZh')} error={e['story.zh']} multiline />
        <Field label={t('storyEn')} value={v.storyEn} onInput={set('storyEn')} error={e['story.en']} multiline />
        <button type="submit" disabled={form.busy}>
          {t('create')}
        </button>
      </form>
    </section>
  );
}

export interface AgreementSummary {
  agreementId: string;
  villageId: string;
  crop: string;
  /** Absent in agreements a phone kept from before the API sent it. */
  cropName?: { zh: string; en: string };
  committedKg: number;
  deliveredKg: number;
  remainingKg: number;
  status: string;
  deliveryWindow: { from: string; to: string };
  prices: { grade: string; fenPerKg: number }[];
}

export function VillageDetail({ villageId }: { villageId: string }) {
  const list = useList<AgreementSummary>(`/api/v1/villages/${villageId}/agreements`);
  return (
    <section>
      <p>
        <a href={href('villages')}>← {t('villages')}</a>
      </p>
      <h1>
        {t('agreements')} · <code>{villageId}</code>
      </h1>
      <Problem text={list.problem} />
      <DataTable
        caption={t('agreements')}
        rows={list.items}
        columns={[
          { label: t('crop'), value: (r) => r.crop, render: (r) => <a href={href('agreements', r.agreementId)}>{r.crop}</a> },
          { label: t('status'), value: (r) => r.status, render: (r) => statusLabel(r.status) },
          { label: t('committedKg'), value: (r) => r.committedKg },
          { label: t('delivered'), value: (r) => r.deliveredKg },
          { label: t('remaining'), value: (r) => r.remainingKg },
          { label: t('windowTo'), value: (r) => r.deliveryWindow.to },
        ]}
      />
      <MoreButton more={list.more} />
      <Recommendations villageId={villageId} ops onOffered={() => go('offers')} />
      <AgreementForm villageId={villageId} onCreated={(id) => go('agreements', id)} />
    </section>
  );
}
