// Ops: records for regulators and partners. Ask for an export of a scope (a village, an agreement, a store,
// a recall or listed lot codes, narrowed by harvest dates) as the FSMA 204 spreadsheet or EPCIS 2.0 events,
// watch it run, and download the file through a link the API mints at the moment of the click.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { DataTable, Field, MoreButton, Problem, useForm, useJob, useList } from '../components';
import { statusLabel, t } from '../i18n';
import { go, href } from '../router';
import { createdColumn, scopeOf } from '../scope';

type Format = 'fsma204-csv' | 'epcis-2.0-jsonld';
const ANCHORS = ['villageId', 'agreementId', 'storeId', 'recallId', 'lotCodes'] as const;

interface Export {
  exportId: string;
  status: 'running' | 'ready' | 'failed';
  format: Format;
  scope: Partial<Record<(typeof ANCHORS)[number], string> & { lotCodes: string[]; harvestedFrom: string; harvestedTo: string }>;
  createdAt: string;
  lotCount: number;
  rowCount: number;
  bytes: number;
  sha256?: string;
  downloadUrl?: string;
  error?: string;
}

const formatName: Record<Format, string> = { 'fsma204-csv': 'FSMA 204 CSV', 'epcis-2.0-jsonld': 'EPCIS 2.0' };
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
const scopeText = (s: Export['scope']) =>
  [
    s.villageId ?? s.agreementId ?? s.storeId ?? s.recallId ?? `${s.lotCodes?.length ?? 0} ${t('lots')}`,
    s.harvestedFrom && `${s.harvestedFrom}–${s.harvestedTo ?? ''}`,
  ]
    .filter(Boolean)
    .join(' · ');

/** Fetches the export again for a link minted now (links last minutes), and follows it. */
async function download(exportId: string): Promise<void> {
  const fresh = await api<Export>('GET', `/api/v1/exports/${exportId}`);
  if (fresh.downloadUrl) location.assign(fresh.downloadUrl);
}

export function Exports() {
  const list = useList<Export>('/api/v1/exports');
  const form = useForm({ format: 'fsma204-csv', anchor: 'villageId', anchorValue: '', from: '', to: '' });
  const { values: v, errors: e, set } = form;
  const start = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      const made = await api<Export>('POST', '/api/v1/exports', {
        clientExportId: `console-${crypto.randomUUID()}`,
        format: v.format,
        scope: scopeOf(v),
      });
      go('exports', made.exportId);
    });
  };
  return (
    <section>
      <h1>{t('exports')}</h1>
      <Problem text={list.problem} />
      <DataTable
        caption={t('exports')}
        rows={list.items}
        columns={[
          createdColumn<Export>('exports', (x) => x.exportId),
          { label: t('format'), value: (x) => formatName[x.format] },
          { label: t('scope'), value: (x) => scopeText(x.scope) },
          { label: t('status'), value: (x) => x.status, render: (x) => statusLabel(x.status) },
          { label: t('lots'), value: (x) => x.lotCount },
        ]}
      />
      <MoreButton more={list.more} />
      <form onSubmit={start} class="card" aria-label={t('newExport')}>
        <h2>{t('newExport')}</h2>
        <Problem text={form.problem} />
        <Field
          label={t('format')}
          value={v.format}
          onInput={set('format')}
          error={e.format}
          options={Object.entries(formatName).map(([value, label]) => ({ value, label }))}
        />
        <Field
          label={t('scope')}
          value={v.anchor}
          onInput={set('anchor')}
          options={ANCHORS.map((anchor) => ({ value: anchor, label: t(anchor) }))}
        />
        <Field
          label={t(v.anchor as (typeof ANCHORS)[number])}
          value={v.anchorValue}
          onInput={set('anchorValue')}
          error={e[`scope.${v.anchor}`] ?? e.scope}
          multiline={v.anchor === 'lotCodes'}
          required
        />
        <Field label={t('harvestedFrom')} value={v.from} onInput={set('from')} error={e['scope.harvestedFrom']} type="date" />
        <Field label={t('harvestedTo')} value={v.to} onInput={set('to')} error={e['scope.harvestedTo']} type="date" />
        <button type="submit" disabled={form.busy}>
          {t('newExport')}
        </button>
      </form>
    </section>
  );
}

export function ExportDetail({ exportId }: { exportId: string }) {
  const { job, problem: unread } = useJob<Export>(`/api/v1/exports/${exportId}`);
  const [problem, setProblem] = useState<string>();
  if (!job) return <Problem text={unread} />;
  return (
    <section>
      <p>
        <a href={href('exports')}>← {t('exports')}</a>
      </p>
      <h1>
        {formatName[job.format]} · <code>{exportId}</code>
      </h1>
      <p>{scopeText(job.scope)}</p>
      <p role="status" aria-live="polite">
        {t('status')}: {statusLabel(job.status)}
        {job.status === 'ready' && ` · ${job.lotCount} ${t('lots').toLowerCase()} · ${job.rowCount} ${t('rows')} · ${size(job.bytes)}`}
      </p>
      <Problem text={problem ?? job.error} />
      {job.status === 'ready' && (
        <>
          <p>
            SHA-256 <code class="wrap">{job.sha256}</code>
          </p>
          <button type="button" onClick={() => download(exportId).catch((error: Error) => setProblem(error.message))}>
            {t('download')}
          </button>
        </>
      )}
    </section>
  );
}
