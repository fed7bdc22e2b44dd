// Village staff and ops: pick lots of an agreement and print their QR labels, on A4 sheets (8 a page) or
// on 60 × 40 mm label stock (one a label). Each label is the API's printable SVG.
import { useEffect, useState } from 'preact/hooks';
import { api, apiText } from '../api';
import { Field, Problem } from '../components';
import { t } from '../i18n';
import { useValue } from '../state';
import { agreements, cropOf, refreshAgreements } from './agreements';

interface Line {
  lotCode: string;
  quantityKg: number;
  grade: string;
  status: string;
}

export function Labels({ villageId }: { villageId?: string }) {
  const list = useValue(agreements);
  useEffect(() => {
    if (villageId) refreshAgreements(villageId).catch(() => undefined);
  }, [villageId]);
  const [agreementId, setAgreementId] = useState('');
  const [lots, setLots] = useState<Line[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [format, setFormat] = useState<'a4' | 'stock'>('a4');
  const [images, setImages] = useState<{ lotCode: string; url: string }[]>([]);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (!agreementId) return;
    api<{ lots: Line[] }>('GET', `/api/v1/agreements/${agreementId}/settlement`).then(
      (settlement) => {
        setLots(settlement.lots);
        setChosen(new Set());
      },
      (error: Error) => setProblem(error.message),
    );
  }, [agreementId]);
  const toggle = (code: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  const prepare = async () => {
    setProblem(undefined);
    try {
      const svgs = await Promise.all(
        [...chosen].map(async (lotCode) => ({ lotCode, svg: await apiText(`/api/v1/lots/${lotCode}/label.svg`) })),
      );
      setImages(svgs.map(({ lotCode, svg }) => ({ lotCode, url: URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })) })));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <section>
      <div class="no-print">
        <h1>{t('labels')}</h1>
        <Problem text={problem} />
        <Field
          label={t('agreement')}
          value={agreementId}
          onInput={setAgreementId}
          options={list.map((a) => ({ value: a.agreementId, label: `${cropOf(a)} · ${a.deliveryWindow.from}` }))}
        />
        {lots.length > 0 && (
          <fieldset>
            <legend>{t('lots')}</legend>
            <button type="button" class="secondary" onClick={() => setChosen(new Set(lots.map((l) => l.lotCode)))}>
              {t('selectAll')}
            </button>
            {lots.map((lot) => (
              <label key={lot.lotCode} class="check">
                <input type="checkbox" checked={chosen.has(lot.lotCode)} onChange={() => toggle(lot.lotCode)} />
                <code>{lot.lotCode}</code> · {lot.quantityKg} kg · {lot.grade}
              </label>
            ))}
          </fieldset>
        )}
        <Field
          label={t('labels')}
          value={format}
          onInput={(value) => setFormat(value === 'stock' ? 'stock' : 'a4')}
          options={[
            { value: 'a4', label: t('formatA4') },
            { value: 'stock', label: t('formatStock') },
          ]}
        />
        <button type="button" disabled={chosen.size === 0} onClick={() => void prepare()}>
          {t('labels')} ({chosen.size})
        </button>
        {images.length > 0 && (
          <button type="button" onClick={() => print()}>
            {t('print')}
          </button>
        )}
      </div>
      <div class={`sheet sheet-${format}`}>
        {images.map((image) => (
          <img key={image.lotCode} class="label" src={image.url} alt={`QR ${image.lotCode}`} />
        ))}
      </div>
    </section>
  );
}
