// Offers of an agreement to a village, made from its crop recommendations.
import type { Route } from './route';

export const offerRoutes = {
  createOffer: {
    method: 'POST',
    path: '/api/v1/offers',
    group: 'agreements',
    access: 'ops',
    status: 201,
    summary: 'Offer a village an agreement',
  },
  listOffers: {
    method: 'GET',
    path: '/api/v1/offers',
    group: 'agreements',
    access: 'ops',
    status: 200,
    summary: 'List offers, newest first',
  },
  listVillageOffers: {
    method: 'GET',
    path: '/api/v1/villages/{villageId}/offers',
    group: 'agreements',
    access: 'staff',
    status: 200,
    summary: "List a village's offers",
  },
  acceptOffer: {
    method: 'POST',
    path: '/api/v1/offers/{offerId}/accept',
    group: 'agreements',
    access: 'staff',
    status: 201,
    summary: 'Accept an offer, signing its agreement (201; again 200)',
  },
  declineOffer: {
    method: 'POST',
    path: '/api/v1/offers/{offerId}/decline',
    group: 'agreements',
    access: 'staff',
    status: 200,
    summary: 'Decline an offer',
  },
} as const satisfies Record<string, Route>;
