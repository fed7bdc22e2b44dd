// The console's building blocks: labelled fields that show the API's field errors beside them, forms
// that send to the API, tables that sort and page, and lists that load page after page.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type Page } from './api';
import { t } from './i18n';

let ids = 0;
const useId = () => useState(() => `f${++ids}`)[0];

interface FieldProps {
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly error?: string;
  readonly type?: 'text' | 'number' | 'date' | 'datetime-local';
  readonly required?: boolean;
  readonly multiline?: boolean;
  readonly options?: readonly { value: string; label: string }[];
  readonly step?: string;
  readonly inputMode?: 'decimal' | 'numeric' | 'text';
}

export function Field({ label, value, onInput, error, type = 'text', required, multiline, options, step, inputMode }: FieldProps) {
  const id = useId();
  const common = {
    id,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {options ? (
        <select {...common} onChange={common.onInput}>
          <option value="">—</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        // Preact types each input type's attributes apart; this field builds them for any of its types.
        <input {...({ ...common, type, step, inputMode } as object)} />
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A form's values, the API's verdict on them, and a submit that sends them. */
export function useForm<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  return {
    values,
    errors,
    problem,
    busy,
    set: (name: keyof T) => (value: string) => setValues((v) => ({ ...v, [name]: value })),
    reset: () => setValues(initial),
    /** Runs `send`; an ApiError's field details go beside their fields, anything else above the form. */
    async submit(send: () => Promise<unknown>): Promise<boolean> {
      setBusy(true);
      setErrors({});
      setProblem(undefined);
      try {
        await send();
        return true;
      } catch (error) {
        if (error instanceof ApiError) {
          setErrors(error.fields);
          setProblem(`${error.message} (${error.code})`);
        } else {
          setProblem(error instanceof Error ? error.message : String(error));
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

export function Problem({ text }: { text?: string }) {
  return text ? (
    <p class="problem" role="alert">
      {text}
    </p>
  ) : null;
}

export interface Column<T> {
  readonly label: string;
  readonly value: (row: T) => string | number;
  readonly render?: (row: T) => ComponentChildren;
}

/** Sorts by any column (click its header again to reverse) and shows `pageSize` rows a page. */
export function DataTable<T>({
  columns,
  rows,
  pageSize = 20,
  caption,
}: {
  columns: Column<T>[];
  rows: T[];
  pageSize?: number;
  caption: string;
}) {
  const [sort, setSort] = useState<{ column: number; descending: boolean }>();
  const [page, setPage] = useState(0);
  // An empty table still says what it would list.
  if (rows.length === 0) return <p class="muted">{`${caption}: ${t('nothing')}`}</p>;
  const sortColumn = sort && columns[sort.column];
  const sorted = sortColumn
    ? [...rows].sort((a, b) => {
        const [x, y] = [sortColumn.value(a), sortColumn.value(b)];
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return sort?.descending ? -order : order;
      })
    : rows;
  const pages = Math.ceil(sorted.length / pageSize);
  const shown = sorted.slice(page * pageSize, (page + 1) * pageSize);
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th
                key={column.label}
                scope="col"
                aria-sort={sort?.column === i ? (sort.descending ? 'descending' : 'ascending') : undefined}
              >
                <button type="button" onClick={() => setSort({ column: i, descending: sort?.column === i && !sort.descending })}>
                  {column.label}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, r) => (
            <tr key={r}>
              {columns.map((column) => (
                <td key={column.label}>{column.render ? column.render(row) : column.value(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <nav class="pager" aria-label={t('page')}>
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('previous')}
          </button>
          <span>
            {page + 1} / {pages}
          </span>
          <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            {t('next')}
          </button>
        </nav>
      )}
    </div>
  );
}

/** Every item of a paginated list, loaded a page at a time on request; `reload` after a change. */
export function useList<T>(path: string | undefined) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [version, setVersion] = useState(0);
  const load = async (after?: string) => {
    if (!path) return;
    try {
      const joiner = path.includes('?') ? '&' : '?';
      const page = await api<Page<T>>('GET', `${path}${joiner}limit=100${after ? `&cursor=${encodeURIComponent(after)}` : ''}`);
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load reads the path; version asks for a reload
  useEffect(() => void load(), [path, version]);
  return { items, problem, more: cursor ? () => load(cursor) : undefined, reload: () => setVersion((v) => v + 1) };
}

export function MoreButton({ more }: { more?: () => void }) {
  return more ? (
    <button type="button" class="secondary" onClick={more}>
      {t('loadMore')}
    </button>
  ) : null;
}

export const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** A background job (a recall, an export), read again every 1.5 s while it runs. */
export function useJob<T extends { status: string }>(path: string): { job?: T; problem?: string } {
  const [job, setJob] = useState<T>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      api<T>('GET', path).then(
        (next) => {
          setJob(next);
          if (next.status === 'running') timer = setTimeout(poll, 1500);
        },
        (error: Error) => setProblem(error.message),
      );
    void poll();
    return () => clearTimeout(timer);
  }, [path]);
  return { job, problem };
}
