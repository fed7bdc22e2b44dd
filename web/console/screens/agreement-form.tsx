// Ops: sign a fixed-price agreement with a village: a crop, a price per grade, a volume and a window.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { Field, Problem, today, useForm, useList } from '../components';
import { pick, t } from '../i18n';

interface Crop {
  crop: string;
  name: { zh: string; en: string };
}

export function AgreementForm({ villageId, onCreated }: { villageId: string; onCreated: (agreementId: string) => void }) {
  const crops = useList<Crop>('/api/v1/crops');
  const form = useForm({ crop: '', variety: '', committedKg: '', tolerancePct: '5', from: today(), to: today() });
  const [prices, setPrices] = useState([{ grade: 'A', fenPerKg: '' }]);
  const { values: v, errors: e, set } = form;
  const setPrice = (i: number, change: Partial<{ grade: string; fenPerKg: string }>) =>
    setPrices((current) => current.map((p, j) => (i === j ? { ...p, ...change } : p)));
  const create = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      const agreement = await api<{ agreementId: string }>('POST', '/api/v1/agreements', {
        villageId,
        crop: v.crop,
        ...(v.variety ? { variety: v.variety } : {}),
        committedKg: Number(v.committedKg),
        tolerancePct: Number(v.tolerancePct),
        prices: prices.map((p) => ({ grade: p.grade, fenPerKg: Number(p.fenPerKg) })),
        deliveryWindow: { from: v.from, to: v.to },
      });
      onCreated(agreement.agreementId);
    });
  };
  return (
    <form onSubmit={create} class="card" aria-label={`${t('create')} · ${t('agreements')}`}>
      <h2>
        {t('create')} · {t('agreements')}
      </h2>
      <Problem text={form.problem} />
      <Field
        label={t('crop')}
        value={v.crop}
        onInput={set('crop')}
        error={e.crop}
        required
        options={crops.items.map((c) => ({ value: c.crop, label: `${pick(c.name)} (${c.crop})` }))}
      />
      <Field label={t('variety')} value={v.variety} onInput={set('variety')} error={e.variety} />
      <Field
        label={t('committedKg')}
        value={v.committedKg}
        onInput={set('committedKg')}
        error={e.committedKg}
        type="number"
        step="0.001"
        required
      />
      <Field
        label={t('tolerancePct')}
        value={v.tolerancePct}
        onInput={set('tolerancePct')}
        error={e.tolerancePct}
        type="number"
        step="0.01"
      />
      <fieldset>
        <legend>{t('prices')}</legend>
        {e.prices && <p class="error">{e.prices}</p>}
        {prices.map((price, i) => (
          <div class="row" key={i}>
            <Field
              label={t('grade')}
              value={price.grade}
              onInput={(grade) => setPrice(i, { grade })}
              error={e[`prices.${i}.grade`]}
              required
            />
            <Field
              label={t('prices')}
              value={price.fenPerKg}
              onInput={(fenPerKg) => setPrice(i, { fenPerKg })}
              error={e[`prices.${i}.fenPerKg`]}
              type="number"
              required
            />
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => setPrices([...prices, { grade: '', fenPerKg: '' }])}>
          {t('addPrice')}
        </button>
      </fieldset>
      <Field label={t('windowFrom')} value={v.from} onInput={set('from')} error={e['deliveryWindow.from']} type="date" required />
      <Field label={t('windowTo')} value={v.to} onInput={set('to')} error={e['deliveryWindow.to']} type="date" required />
      <button type="submit" disabled={form.busy}>
        {t('create')}
      </button>
    </form>
  );
}
