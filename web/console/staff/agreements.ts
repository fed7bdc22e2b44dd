// The village's agreements as staff last saw them, kept on the phone so the intake form can offer them
// without signal.
import { api, type Page } from '../api';
import { pick } from '../i18n';
import { signal } from '../state';
import type { AgreementSummary } from '../screens/villages';

const KEY = 'console.agreements';

function load(): AgreementSummary[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
}

export const agreements = signal<AgreementSummary[]>(load());

/** Fetches the village's agreements and keeps them; offline, the kept ones stay. */
export async function refreshAgreements(villageId: string): Promise<void> {
  const page = await api<Page<AgreementSummary>>('GET', `/api/v1/villages/${villageId}/agreements?limit=100`);
  localStorage.setItem(KEY, JSON.stringify(page.items));
  agreements.set(page.items);
}

/** The agreement's crop by its name in the current language, or by its id in one kept without the name. */
export const cropOf = (a: AgreementSummary): string => (a.cropName ? pick(a.cropName) : a.crop);
