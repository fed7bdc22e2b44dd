// Harvest intake that works without signal. Each lot is kept on the device with its clientLotId before
// anything is sent, and sent until the API has answered it: recorded (201, or 200 for a repeat, which is
// the same lot: the clientLotId makes a resend safe) or refused (a 4xx, kept with its reason). A network
// failure, a 5xx or an expired sign-in leaves the lot waiting; nothing is ever dropped silently.
import { ApiError, api } from './api';
import { signal } from './state';

export interface QueuedLot {
  readonly clientLotId: string;
  readonly agreementId: string;
  readonly body: {
    clientLotId: string;
    grade: string;
    quantityKg: number;
    harvestedOn: string;
    field?: string;
    destinationStoreId?: string;
  };
  readonly state: 'waiting' | 'synced' | 'refused';
  readonly lotCode?: string;
  /** The API's message of a refusal; with `problemCode`, its code (entries kept before it had one hold `code: message` here). */
  readonly problem?: string;
  readonly problemCode?: string;
  readonly queuedAt: string;
}

const KEY = 'console.outbox';

function load(): QueuedLot[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]');
  } catch {
    return [];
  }
}

export const outbox = signal<QueuedLot[]>(load());

function save(entries: QueuedLot[]): void {
  localStorage.setItem(KEY, JSON.stringify(entries));
  outbox.set(entries);
}

function update(clientLotId: string, change: Partial<QueuedLot>): void {
  save(outbox.get().map((entry) => (entry.clientLotId === clientLotId ? { ...entry, ...change } : entry)));
}

/** Keeps the lot, then tries to send everything waiting. */
export async function queueLot(agreementId: string, body: Omit<QueuedLot['body'], 'clientLotId'>): Promise<void> {
  const clientLotId = `phone-${crypto.randomUUID()}`;
  save([
    { clientLotId, agreementId, body: { ...body, clientLotId }, state: 'waiting', queuedAt: new Date().toISOString() },
    ...outbox.get(),
  ]);
  await sync();
}

let running: Promise<void> | undefined;

/** Sends the waiting lots, oldest first, one at a time; runs once at a time however often it is asked. */
export function sync(): Promise<void> {
  running ??= drain().finally(() => {
    running = undefined;
  });
  return running;
}

async function drain(): Promise<void> {
  for (const entry of [...outbox.get()].reverse()) {
    if (entry.state !== 'waiting') continue;
    try {
      const lot = await api<{ lotCode: string }>('POST', `/api/v1/agreements/${entry.agreementId}/lots`, entry.body);
      update(entry.clientLotId, { state: 'synced', lotCode: lot.lotCode, problem: undefined, problemCode: undefined });
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401) {
        update(entry.clientLotId, { state: 'refused', problem: error.message, problemCode: error.code });
      } else {
        // Offline, a server fault or an expired sign-in: it stays waiting, and the next sync tries again.
        return;
      }
    }
  }
}

/** Clears the entries that are done with, keeping the waiting ones. */
export function clearDone(): void {
  save(outbox.get().filter((entry) => entry.state === 'waiting'));
}

/** Sends what waits when the connection returns, and every half minute while something waits. */
export function startSync(): void {
  addEventListener('online', () => void sync());
  setInterval(() => {
    if (navigator.onLine && outbox.get().some((entry) => entry.state === 'waiting')) void sync();
  }, 30_000);
  void sync();
}
