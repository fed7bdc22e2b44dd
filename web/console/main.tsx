// The console: ops (villages, crops, stores, agreements, exceptions, recalls) and village staff on a
// phone (agreements, offline harvest intake, labels, dispatch), on the same API. Preact renders it: a
// dozen screens of forms and tables are clearer as components than as hand-made DOM updates, for 4 KB.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { type AuthConfig, devSignIn, session, signIn, signOut, startAuth } from './auth';
import { Problem } from './components';
import { lang, setLang, t } from './i18n';
import { startSync } from './outbox';
import { href, route } from './router';
import { AgreementDetail } from './screens/agreement';
import { Crops } from './screens/crops';
import { Exceptions } from './screens/exceptions';
import { Demand } from './screens/demand';
import { ExportDetail, Exports } from './screens/exports';
import { OpsOffers, StaffOffers } from './screens/offers';
import { RecallDetail, Recalls } from './screens/recalls';
import { Stores } from './screens/stores';
import { VillageDetail, Villages } from './screens/villages';
import { useValue } from './state';
import { Dispatch } from './staff/dispatch';
import { StaffHome } from './staff/home';
import { Intake } from './staff/intake';
import { Labels } from './staff/labels';

function LanguageSwitch() {
  const language = useValue(lang);
  return (
    <button type="button" class="link" onClick={() => setLang(language === 'zh' ? 'en' : 'zh')}>
      {t('switchLang')}
    </button>
  );
}

function SignIn({ config }: { config: AuthConfig }) {
  const [role, setRole] = useState<'ops' | 'village'>('ops');
  const [villageId, setVillageId] = useState('');
  const [problem, setProblem] = useState<string>();
  if (config.mode === 'cognito') {
    return (
      <main class="signin">
        <p class="lang">
          <LanguageSwitch />
        </p>
        <h1>{t('appName')}</h1>
        <p>{t('signInHint')}</p>
        <button type="button" onClick={() => void signIn()}>
          {t('signIn')}
        </button>
      </main>
    );
  }
  const submit = (event: Event) => {
    event.preventDefault();
    devSignIn(role, role === 'village' ? villageId : undefined).catch((error: Error) => setProblem(error.message));
  };
  return (
    <main class="signin">
      <p class="lang">
        <LanguageSwitch />
      </p>
      <h1>{t('appName')}</h1>
      <form onSubmit={submit} class="card" aria-label={t('devSignIn')}>
        <h2>{t('devSignIn')}</h2>
        <Problem text={problem} />
        <label for="role">{t('role')}</label>
        <select id="role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as 'ops' | 'village')}>
          <option value="ops">{t('roleOps')}</option>
          <option value="village">{t('roleVillage')}</option>
        </select>
        {role === 'village' && (
          <>
            <label for="village">{t('villageId')}</label>
            <input id="village" value={villageId} onInput={(e) => setVillageId((e.currentTarget as HTMLInputElement).value)} required />
          </>
        )}
        <button type="submit">{t('signInAs')}</button>
      </form>
    </main>
  );
}

const opsNav = [
  ['villages', 'villages'],
  ['demand', 'demand'],
  ['offers', 'offers'],
  ['crops', 'crops'],
  ['stores', 'stores'],
  ['exceptions', 'exceptions'],
  ['recalls', 'recalls'],
  ['exports', 'exports'],
  ['labels', 'labels'],
  ['dispatch', 'dispatch'],
] as const;
const staffNav = [
  ['', 'agreements'],
  ['intake', 'intake'],
  ['offers', 'offers'],
  ['labels', 'labels'],
  ['dispatch', 'dispatch'],
] as const;

function Screen({ ops, villageId }: { ops: boolean; villageId?: string }) {
  const [page, id] = useValue(route);
  if (page === 'agreements' && id) return <AgreementDetail agreementId={id} ops={ops} />;
  if (page === 'labels') return <Labels villageId={villageId} />;
  if (page === 'dispatch') return <Dispatch />;
  if (!ops && page === 'offers') return <StaffOffers villageId={villageId ?? ''} />;
  if (!ops) return page === 'intake' ? <Intake villageId={villageId} /> : <StaffHome villageId={villageId ?? ''} />;
  if (page === 'demand') return <Demand />;
  if (page === 'offers') return <OpsOffers />;
  if (page === 'villages' && id) return <VillageDetail villageId={id} />;
  if (page === 'crops') return <Crops />;
  if (page === 'stores') return <Stores />;
  if (page === 'exceptions') return <Exceptions />;
  if (page === 'recalls') return id ? <RecallDetail recallId={id} /> : <Recalls />;
  if (page === 'exports') return id ? <ExportDetail exportId={id} /> : <Exports />;
  return <Villages />;
}

function App({ config }: { config: AuthConfig }) {
  const current = useValue(session);
  useValue(lang); // every screen renders again in the other language
  const [page] = useValue(route);
  if (!current) return <SignIn config={config} />;
  const ops = current.role === 'ops';
  return (
    <>
      <header class="top">
        <a class="brand" href={href()}>
          {t('appName')}
        </a>
        <nav aria-label={t('appName')}>
          {(ops ? opsNav : staffNav).map(([path, word]) => (
            <a key={path} href={href(...(path ? [path] : []))} aria-current={(page ?? '') === path ? 'page' : undefined}>
              {t(word)}
            </a>
          ))}
        </nav>
        <LanguageSwitch />
        <button type="button" class="link" onClick={signOut}>
          {t('signOut')}
        </button>
      </header>
      <main id="main">
        <Screen ops={ops} villageId={current.villageId} />
      </main>
    </>
  );
}

async function start() {
  setLang(lang.get());
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => undefined);
  const config = await startAuth();
  startSync();
  render(<App config={config} />, document.getElementById('app') as HTMLElement);
}

void start();
