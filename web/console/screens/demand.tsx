// Ops: the demand board. The program's year against its targets (villages taking part, paid to farmers),
// by province; and a crop's weekly demand forecast against what agreements already contract, with how the
// forecast was made and how far off it was on the last season.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { DataTable, Field, Problem, useList } from '../components';
import { pick, t } from '../i18n';

interface Totals {
  villages: number;
  agreements: number;
  committedKg: number;
  deliveredKg: number;
  acceptedKg: number;
  paidFen: number;
}

interface Summary {
  year: number;
  villages: { active: number; target: number };
  agreements: { count: number; committedKg: number };
  deliveredKg: number;
  acceptedKg: number;
  paidFen: number;
  targetPaidFen: number;
  progress: { villagesPct: number; paidPct: number };
  byProvince: (Totals & { province: string })[];
}

interface ForecastWeek {
  week: string;
  forecastKg: number | null;
  contractedKg: number;
  gapKg: number | null;
}

interface Forecast {
  crop: string;
  method: 'seasonal-naive' | 'holt-winters' | 'insufficient-history';
  explanation: { zh: string; en: string };
  backtest: { mape: number } | null;
  weeks: ForecastWeek[];
  totals: Omit<ForecastWeek, 'week'>;
}

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 0 })}`;
const tonnes = (kg: number | null) => (kg === null ? '—' : `${(kg / 1000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })} t`);

function ProgramYear() {
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [summary, setSummary] = useState<Summary>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (!/^\d{4}$/.test(year)) return;
    api<Summary>('GET', `/api/v1/program/summary?year=${year}`).then(
      (next) => {
        setSummary(next);
        setProblem(undefined);
      },
      (error: Error) => setProblem(error.message),
    );
  }, [year]);
  return (
    <section aria-label={t('program')}>
      <h2>{t('program')}</h2>
      <Field label={t('year')} value={year} onInput={setYear} type="number" inputMode="numeric" />
      <Problem text={problem} />
      {summary && (
        <>
          <ul class="cards figures">
            <li class="card">
              <p class="muted">{t('villagesTakingPart')}</p>
              <p>
                <strong>{summary.villages.active}</strong> / {summary.villages.target} ({summary.progress.villagesPct}%)
              </p>
              <progress max={100} value={Math.min(summary.progress.villagesPct, 100)} aria-label={t('villagesTakingPart')} />
            </li>
            <li class="card">
              <p class="muted">{t('paidToFarmers')}</p>
              <p>
                <strong>{yuan(summary.paidFen)}</strong> / {yuan(summary.targetPaidFen)} ({summary.progress.paidPct}%)
              </p>
              <progress max={100} value={Math.min(summary.progress.paidPct, 100)} aria-label={t('paidToFarmers')} />
            </li>
            <li class="card">
              <p class="muted">{t('agreements')}</p>
              <p>
                <strong>{summary.agreements.count}</strong> · {t('committedKg')} {tonnes(summary.agreements.committedKg)} · {t('delivered')}{' '}
                {tonnes(summary.deliveredKg)} · {t('accepted')} {tonnes(summary.acceptedKg)}
              </p>
            </li>
          </ul>
          <DataTable
            caption={t('byProvince')}
            rows={summary.byProvince}
            columns={[
              { label: t('province'), value: (r) => r.province },
              { label: t('villages'), value: (r) => r.villages },
              { label: t('agreements'), value: (r) => r.agreements },
              { label: t('committedKg'), value: (r) => r.committedKg, render: (r) => tonnes(r.committedKg) },
              { label: t('accepted'), value: (r) => r.acceptedKg, render: (r) => tonnes(r.acceptedKg) },
              { label: t('paidToFarmers'), value: (r) => r.paidFen, render: (r) => yuan(r.paidFen) },
            ]}
          />
        </>
      )}
    </section>
  );
}

function CropForecast() {
  const crops = useList<{ crop: string; name: { zh: string; en: string } }>('/api/v1/crops');
  const [crop, setCrop] = useState('');
  const [weeks, setWeeks] = useState('26');
  const [forecast, setForecast] = useState<Forecast>();
  const [problem, setProblem] = useState<string>();
  const chosen = crop || crops.items[0]?.crop || '';
  useEffect(() => {
    if (!chosen || !/^\d+$/.test(weeks)) return;
    api<Forecast>('GET', `/api/v1/demand/forecast?crop=${encodeURIComponent(chosen)}&weeks=${weeks}`).then(
      (next) => {
        setForecast(next);
        setProblem(undefined);
      },
      (error: Error) => setProblem(error.message),
    );
  }, [chosen, weeks]);
  return (
    <section aria-label={t('forecast')}>
      <h2>{t('forecast')}</h2>
      <Field
        label={t('crop')}
        value={chosen}
        onInput={setCrop}
        options={crops.items.map((c) => ({ value: c.crop, label: `${pick(c.name)} (${c.crop})` }))}
      />
      <Field label={t('weeksAhead')} value={weeks} onInput={setWeeks} type="number" inputMode="numeric" />
      <Problem text={problem} />
      {forecast && (
        <>
          <p>{pick(forecast.explanation)}</p>
          <p role="status">
            {t('forecast')} {tonnes(forecast.totals.forecastKg)} · {t('contracted')} {tonnes(forecast.totals.contractedKg)} · {t('open')}{' '}
            {tonnes(forecast.totals.gapKg)}
            {forecast.backtest && ` · MAPE ${forecast.backtest.mape}%`}
          </p>
          <DataTable
            caption={t('forecast')}
            rows={forecast.weeks}
            pageSize={13}
            columns={[
              { label: t('week'), value: (w) => w.week },
              { label: t('forecast'), value: (w) => w.forecastKg ?? -1, render: (w) => tonnes(w.forecastKg) },
              { label: t('contracted'), value: (w) => w.contractedKg, render: (w) => tonnes(w.contractedKg) },
              { label: t('open'), value: (w) => w.gapKg ?? -1, render: (w) => tonnes(w.gapKg) },
            ]}
          />
        </>
      )}
    </section>
  );
}

export function Demand() {
  return (
    <section>
      <h1>{t('demand')}</h1>
      <ProgramYear />
      <CropForecast />
    </section>
  );
}
