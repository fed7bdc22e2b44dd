// Villages, the crop catalogue and stores, with their webhook secrets: ops keep them.
import type { Route } from './route';

export const catalogueRoutes = {
  listVillages: {
    method: 'GET',
    path: '/api/v1/villages',
    group: 'catalogue',
    access: 'ops',
    status: 200,
    summary: 'List villages, newest first',
  },
  createVillage: {
    method: 'POST',
    path: '/api/v1/villages',
    group: 'catalogue',
    access: 'ops',
    status: 201,
    summary: 'Register a village',
  },
  getVillage: {
    method: 'GET',
    path: '/api/v1/villages/{villageId}',
    group: 'catalogue',
    access: 'staff',
    status: 200,
    summary: 'Read a village',
  },
  listCrops: { method: 'GET', path: '/api/v1/crops', group: 'catalogue', access: 'staff', status: 200, summary: 'List the crop catalogue' },
  putCrop: {
    method: 'PUT',
    path: '/api/v1/crops/{crop}',
    group: 'catalogue',
    access: 'ops',
    status: 200,
    summary: 'Create or replace a crop catalogue entry with its recipes',
  },
  listStores: {
    method: 'GET',
    path: '/api/v1/stores',
    group: 'catalogue',
    access: 'ops',
    status: 200,
    summary: 'List stores by id (never their webhook secrets)',
  },
  createStore: {
    method: 'POST',
    path: '/api/v1/stores',
    group: 'catalogue',
    access: 'ops',
    status: 201,
    summary: 'Register a store; the webhook secret is returned only here',
  },
  rotateStoreSecret: {
    method: 'POST',
    path: '/api/v1/stores/{storeId}/webhook-secret/rotate',
    group: 'catalogue',
    access: 'ops',
    status: 200,
    summary: 'Issue a new webhook secret; the previous one keeps working for 24 hours',
  },
} as const satisfies Record<string, Route>;
