// The recall items' keys. Apart from the adapter because intake (the lot adapter) writes recall items
// too, when a new lot falls inside an active scope, and the recall adapter reads lots.
import { partitions as p } from '../table/definition';

export const recallKey = (recallId: string) => ({ pk: `${p.recall}${recallId}`, sk: '#RECALL' });

export const RECALLS = 'RECALLS';
/** Every recall, newest first, for the list. */
export const recallListed = (r: { createdAt: string; recallId: string }) => ({
  gsi1pk: RECALLS,
  gsi1sk: `${p.recall}${r.createdAt}#${r.recallId}`,
});

/** The claim of a clientRecallId: a request is turned into a recall once. */
export const recallRequestKey = (clientRecallId: string) => ({ pk: `${p.recallRequest}${clientRecallId}`, sk: '#REQUEST' });

export const RECALLED_LOTS = 'LOT#';
/** One item per lot a recall covers, in its recall's partition, by lot code. */
export const recalledLotKey = (recallId: string, lotCode: string) => ({ pk: `${p.recall}${recallId}`, sk: `${RECALLED_LOTS}${lotCode}` });

/** A village's active recall scopes, in its partition beside the village. */
export const villageRecallsKey = (villageId: string) => ({ pk: `${p.village}${villageId}`, sk: '#RECALLS' });
