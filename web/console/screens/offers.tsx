// Crop selection, both sides. A village's recommendations: crops ranked by the demand its coming seasons
// leave uncovered, with a suggested volume, an indicative price and plain reasons (village staff see no
// revenue). Ops turn one into an offer; village staff accept it (the agreement is signed then, once) or
// decline it; both see where each offer stands.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { type Column, DataTable, Field, MoreButton, Problem, useForm, useList } from '../components';
import { pick, statusLabel, t } from '../i18n';
import { href } from '../router';

interface Recommendation {
  crop: string;
  name: { zh: string; en: string };
  window: { from: string; to: string };
  weeks: { from: string; to: string };
  forecastKg: number;
  contractedKg: number;
  gapKg: number;
  suggestedKg: number;
  indicativeFenPerKg?: number;
  confidence: 'low' | 'medium' | 'high';
  specialty: boolean;
  reasons: { zh: string; en: string };
  retailFenPerKg?: number;
}

/** The offer's crop by its name in the current language, or by its id on an offer made before names were kept. */
const cropText = (o: Pick<Offer, 'crop' | 'cropName'>) => (o.cropName ? pick(o.cropName) : o.crop);

export interface Offer {
  offerId: string;
  villageId: string;
  crop: string;
  cropName?: { zh: string; en: string };
  committedKg: number;
  prices: { grade: string; fenPerKg: number }[];
  deliveryWindow: { from: string; to: string };
  expiresAt: string;
  status: 'open' | 'accepted' | 'declined' | 'expired';
  agreementId?: string;
}

const perKg = (fen?: number) => (fen === undefined ? '—' : `¥${(fen / 100).toFixed(2)}/kg`);
const priceText = (o: Offer) => o.prices.map((p) => `${p.grade} ${perKg(p.fenPerKg)}`).join(', ');
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Ops: an offer of the recommendation's terms, each of which ops may change before sending. */
function OfferForm({ villageId, r, onSent }: { villageId: string; r: Recommendation; onSent: () => void }) {
  const form = useForm({
    committedKg: String(r.suggestedKg),
    fenPerKg: r.indicativeFenPerKg ? String(r.indicativeFenPerKg) : '',
    from: r.window.from,
    to: r.window.to,
    expiresOn: inDays(14),
  });
  const { values: v, errors: e, set } = form;
  const send = (event: Event) => {
    event.preventDefault();
    void form
      .submit(() =>
        api('POST', '/api/v1/offers', {
          villageId,
          crop: r.crop,
          committedKg: Number(v.committedKg),
          tolerancePct: 10,
          prices: [{ grade: 'A', fenPerKg: Number(v.fenPerKg) }],
          deliveryWindow: { from: v.from, to: v.to },
          expiresAt: `${v.expiresOn}T23:59:59+08:00`,
        }),
      )
      .then((sent) => sent && onSent());
  };
  return (
    <form onSubmit={send} aria-label={`${t('makeOffer')} · ${pick(r.name)}`}>
      <Problem text={form.problem} />
      <Field label={t('committedKg')} value={v.committedKg} onInput={set('committedKg')} error={e.committedKg} type="number" required />
      <Field label={t('fenPerKgA')} value={v.fenPerKg} onInput={set('fenPerKg')} error={e['prices.0.fenPerKg']} type="number" required />
      <Field label={t('windowFrom')} value={v.from} onInput={set('from')} error={e['deliveryWindow.from']} type="date" required />
      <Field label={t('windowTo')} value={v.to} onInput={set('to')} error={e['deliveryWindow.to']} type="date" required />
      <Field label={t('offerExpires')} value={v.expiresOn} onInput={set('expiresOn')} error={e.expiresAt} type="date" required />
      <button type="submit" disabled={form.busy}>
        {t('makeOffer')}
      </button>
    </form>
  );
}

export function Recommendations({ villageId, ops, onOffered }: { villageId: string; ops: boolean; onOffered?: () => void }) {
  const [list, setList] = useState<{ items: Recommendation[]; problem?: string }>({ items: [] });
  const [offering, setOffering] = useState<string>();
  useEffect(() => {
    api<{ items: Recommendation[] }>('GET', `/api/v1/villages/${villageId}/recommendations`).then(
      ({ items }) => setList({ items }),
      (error: Error) => setList({ items: [], problem: error.message }),
    );
  }, [villageId]);
  return (
    <section aria-label={t('recommendations')}>
      <h2>{t('recommendations')}</h2>
      <Problem text={list.problem} />
      {list.items.length === 0 && !list.problem && <p class="muted">{t('noRecommendations')}</p>}
      <ul class="cards">
        {list.items.map((r) => (
          <li key={r.crop} class="card">
            <h3>
              {pick(r.name)} {r.specialty && <span class="tag">{t('specialty')}</span>}
            </h3>
            <p>{pick(r.reasons)}</p>
            <p>
              {t('suggested')}: <strong>{r.suggestedKg.toLocaleString()} kg</strong> · {r.window.from} – {r.window.to}
            </p>
            <p class="muted">
              {t('indicativePrice')} {perKg(r.indicativeFenPerKg)} · {t('confidence')}: {t(r.confidence)}
              {r.retailFenPerKg !== undefined && ` · ${t('retailPrice')} ${perKg(r.retailFenPerKg)}`}
            </p>
            {ops &&
              (offering === r.crop ? (
                <OfferForm
                  villageId={villageId}
                  r={r}
                  onSent={() => {
                    setOffering(undefined);
                    onOffered?.();
                  }}
                />
              ) : (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => setOffering(r.crop)}
                  aria-label={`${t('makeOffer')} · ${pick(r.name)}`}
                >
                  {t('makeOffer')}
                </button>
              ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

const offerColumns = (): Column<Offer>[] => [
  { label: t('crop'), value: (o) => o.crop, render: cropText },
  { label: t('committedKg'), value: (o) => o.committedKg },
  { label: t('prices'), value: (o) => priceText(o) },
  { label: t('windowTo'), value: (o) => `${o.deliveryWindow.from} – ${o.deliveryWindow.to}` },
  { label: t('offerExpires'), value: (o) => o.expiresAt.slice(0, 10) },
  {
    label: t('status'),
    value: (o) => o.status,
    render: (o) => (o.agreementId ? <a href={href('agreements', o.agreementId)}>{statusLabel(o.status)}</a> : statusLabel(o.status)),
  },
];

/** Ops: every offer, newest first. */
export function OpsOffers() {
  const list = useList<Offer>('/api/v1/offers');
  return (
    <section>
      <h1>{t('offers')}</h1>
      <Problem text={list.problem} />
      <DataTable
        caption={t('offers')}
        rows={list.items}
        columns={[{ label: t('villageId'), value: (o) => o.villageId }, ...offerColumns()]}
      />
      <MoreButton more={list.more} />
    </section>
  );
}

/** Village staff: their offers, open ones first to answer, and what the program suggests they grow. */
export function StaffOffers({ villageId }: { villageId: string }) {
  const list = useList<Offer>(`/api/v1/villages/${villageId}/offers`);
  const [problem, setProblem] = useState<string>();
  const answer = (offerId: string, verb: 'accept' | 'decline') =>
    api('POST', `/api/v1/offers/${offerId}/${verb}`, verb === 'decline' ? {} : undefined).then(list.reload, (error: Error) =>
      setProblem(error.message),
    );
  const open = list.items.filter((o) => o.status === 'open');
  return (
    <section>
      <h1>{t('offers')}</h1>
      <Problem text={problem ?? list.problem} />
      <ul class="cards">
        {open.map((o) => (
          <li key={o.offerId} class="card">
            <h2>{cropText(o)}</h2>
            <p>
              <strong>{o.committedKg.toLocaleString()} kg</strong> · {priceText(o)}
            </p>
            <p class="muted">
              {o.deliveryWindow.from} – {o.deliveryWindow.to} · {t('offerExpires')} {o.expiresAt.slice(0, 10)}
            </p>
            <button type="button" onClick={() => void answer(o.offerId, 'accept')} aria-label={`${t('accept')} · ${cropText(o)}`}>
              {t('accept')}
            </button>{' '}
            <button
              type="button"
              class="secondary"
              onClick={() => void answer(o.offerId, 'decline')}
              aria-label={`${t('decline')} · ${cropText(o)}`}
            >
              {t('decline')}
            </button>
          </li>
        ))}
      </ul>
      <DataTable caption={t('answeredOffers')} rows={list.items.filter((o) => o.status !== 'open')} columns={offerColumns()} />
      <MoreButton more={list.more} />
      <Recommendations villageId={villageId} ops={false} />
    </section>
  );
}
