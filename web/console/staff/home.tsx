// Village staff: their agreements, each with the kilograms still to deliver, and the way to record a lot.
import { useEffect, useState } from 'preact/hooks';
import { Problem } from '../components';
import { statusLabel, t } from '../i18n';
import { href } from '../router';
import { useValue } from '../state';
import { agreements, cropOf, refreshAgreements } from './agreements';

export function StaffHome({ villageId }: { villageId: string }) {
  const list = useValue(agreements);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    refreshAgreements(villageId).catch((error: Error) => setProblem(navigator.onLine ? error.message : t('offline')));
  }, [villageId]);
  return (
    <section>
      <h1>{t('agreements')}</h1>
      <Problem text={problem} />
      <ul class="cards">
        {list.map((a) => (
          <li key={a.agreementId} class="card">
            <h2>
              <a href={href('agreements', a.agreementId)}>{cropOf(a)}</a>
            </h2>
            <p>
              {t('remaining')}: <strong>{a.remainingKg} kg</strong> · {t('delivered')}: {a.deliveredKg} kg
            </p>
            <p class="muted">
              {a.deliveryWindow.from} – {a.deliveryWindow.to} · {statusLabel(a.status)}
            </p>
            <progress max={a.committedKg} value={a.deliveredKg} aria-label={`${cropOf(a)} ${t('delivered')}`} />
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={href('intake')}>
          {t('intake')}
        </a>
      </p>
    </section>
  );
}
