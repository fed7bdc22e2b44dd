// What the recall and export forms share: the scope a form's fields describe (one anchor, narrowed by crop
// and harvest dates), and the jobs' list column that opens one.
import { h } from 'preact';
import type { Column } from './components';
import { t } from './i18n';
import { href } from './router';

export interface ScopeFields {
  readonly anchor: string;
  readonly anchorValue: string;
  readonly crop?: string;
  readonly from: string;
  readonly to: string;
}

/** The request's scope: listed lot codes split on white space, any other anchor trimmed, empty fields left out. */
export function scopeOf(v: ScopeFields): Record<string, unknown> {
  const anchor = v.anchor === 'lotCodes' ? { lotCodes: v.anchorValue.split(/\s+/).filter(Boolean) } : { [v.anchor]: v.anchorValue.trim() };
  return { ...anchor, ...(v.crop && { crop: v.crop }), ...(v.from && { harvestedFrom: v.from }), ...(v.to && { harvestedTo: v.to }) };
}

/** When a job was asked for, linking to its page. */
export function createdColumn<T extends { createdAt: string }>(page: string, idOf: (row: T) => string): Column<T> {
  return {
    label: t('created'),
    value: (row) => row.createdAt,
    render: (row) => h('a', { href: href(page, idOf(row)) }, row.createdAt.slice(0, 16).replace('T', ' ')),
  };
}
