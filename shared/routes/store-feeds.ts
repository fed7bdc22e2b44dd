// The stores' signed webhooks (receipts, daily sales) and what could not be applied of them.
import type { Route } from './route';

export const storeFeedRoutes = {
  receiveReceipt: {
    method: 'POST',
    path: '/api/v1/stores/{storeId}/receipts',
    group: 'receipts',
    access: 'store',
    status: 200,
    summary: 'Signed shipment receipt from a store: 200 applied, 202 kept as an exception for ops',
  },
  listReceiptExceptions: {
    method: 'GET',
    path: '/api/v1/receipts/exceptions',
    group: 'agreements',
    access: 'ops',
    status: 200,
    summary: 'Signed receipts that could not be applied, newest first, with the reason',
  },
  receiveSales: {
    method: 'POST',
    path: '/api/v1/stores/{storeId}/sales',
    group: 'sales',
    access: 'store',
    status: 200,
    summary: 'Signed daily sales: 200 stored, 202 unknown crops kept',
  },
  listSalesExceptions: {
    method: 'GET',
    path: '/api/v1/sales/exceptions',
    group: 'agreements',
    access: 'ops',
    status: 200,
    summary: 'Sales lines of unknown crops',
  },
} as const satisfies Record<string, Route>;
