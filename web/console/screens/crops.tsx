// Ops: the crop catalogue, and creating or replacing a crop with its recipes in both languages.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { DataTable, Field, MoreButton, Problem, useForm, useList } from '../components';
import { pick, t } from '../i18n';

interface Recipe {
  title: { zh: string; en: string };
  minutes: number;
  ingredients: { zh: string[]; en: string[] };
  steps: { zh: string[]; en: string[] };
}
interface Crop {
  crop: string;
  name: { zh: string; en: string };
  recipes: Recipe[];
  updatedAt: string;
}

const blankRecipe = { titleZh: '', titleEn: '', minutes: '20', ingredientsZh: '', ingredientsEn: '', stepsZh: '', stepsEn: '' };
type RecipeDraft = typeof blankRecipe;
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function Crops() {
  const list = useList<Crop>('/api/v1/crops');
  const form = useForm({ crop: '', nameZh: '', nameEn: '' });
  const [recipes, setRecipes] = useState<RecipeDraft[]>([]);
  const { values: v, errors: e, set } = form;
  const setRecipe = (i: number, name: keyof RecipeDraft) => (value: string) =>
    setRecipes((current) => current.map((r, j) => (i === j ? { ...r, [name]: value } : r)));
  const edit = (crop: Crop) => {
    form.set('crop')(crop.crop);
    form.set('nameZh')(crop.name.zh);
    form.set('nameEn')(crop.name.en);
    setRecipes(
      crop.recipes.map((r) => ({
        titleZh: r.title.zh,
        titleEn: r.title.en,
        minutes: String(r.minutes),
        ingredientsZh: r.ingredients.zh.join('\n'),
        ingredientsEn: r.ingredients.en.join('\n'),
        stepsZh: r.steps.zh.join('\n'),
        stepsEn: r.steps.en.join('\n'),
      })),
    );
  };
  const save = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      await api('PUT', `/api/v1/crops/${encodeURIComponent(v.crop)}`, {
        name: { zh: v.nameZh, en: v.nameEn },
        recipes: recipes.map((r) => ({
          title: { zh: r.titleZh, en: r.titleEn },
          minutes: Number(r.minutes),
          ingredients: { zh: lines(r.ingredientsZh), en: lines(r.ingredientsEn) },
          steps: { zh: lines(r.stepsZh), en: lines(r.stepsEn) },
        })),
      });
      list.reload();
    });
  };
  return (
    <section>
      <h1>{t('crops')}</h1>
      <Problem text={list.problem} />
      <DataTable
        caption={t('crops')}
        rows={list.items}
        columns={[
          { label: t('cropId'), value: (r) => r.crop, render: (r) => <code>{r.crop}</code> },
          { label: t('nameZh'), value: (r) => pick(r.name) },
          { label: t('recipes'), value: (r) => r.recipes.length },
          {
            label: t('save'),
            value: () => '',
            render: (r) => (
              <button type="button" class="secondary" onClick={() => edit(r)} aria-label={`${t('save')} ${r.crop}`}>
                ✎
              </button>
            ),
          },
        ]}
      />
      <MoreButton more={list.more} />
      <form onSubmit={save} class="card" aria-label={`${t('save')} · ${t('crops')}`}>
        <h2>{t('save')}</h2>
        <Problem text={form.problem} />
        <Field label={t('cropId')} value={v.crop} onInput={set('crop')} error={e['path.crop']} required />
        <Field label={t('nameZh')} value={v.nameZh} onInput={set('nameZh')} error={e['name.zh']} required />
        <Field label={t('nameEn')} value={v.nameEn} onInput={set('nameEn')} error={e['name.en']} required />
        {recipes.map((r, i) => (
          <fieldset key={i}>
            <legend>
              {t('recipes')} {i + 1}
            </legend>
            <Field label={t('titleZh')} value={r.titleZh} onInput={setRecipe(i, 'titleZh')} error={e[`recipes.${i}.title.zh`]} />
            <Field label={t('titleEn')} value={r.titleEn} onInput={setRecipe(i, 'titleEn')} error={e[`recipes.${i}.title.en`]} />
            <Field
              label={t('minutes')}
              value={r.minutes}
              onInput={setRecipe(i, 'minutes')}
              error={e[`recipes.${i}.minutes`]}
              type="number"
            />
            <Field
              label={t('ingredientsZh')}
              value={r.ingredientsZh}
              onInput={setRecipe(i, 'ingredientsZh')}
              error={e[`recipes.${i}.ingredients.zh`]}
              multiline
            />
            <Field
              label={t('ingredientsEn')}
              value={r.ingredientsEn}
              onInput={setRecipe(i, 'ingredientsEn')}
              error={e[`recipes.${i}.ingredients.en`]}
              multiline
            />
            <Field label={t('stepsZh')} value={r.stepsZh} onInput={setRecipe(i, 'stepsZh')} error={e[`recipes.${i}.steps.zh`]} multiline />
            <Field label={t('stepsEn')} value={r.stepsEn} onInput={setRecipe(i, 'stepsEn')} error={e[`recipes.${i}.steps.en`]} multiline />
            <button type="button" class="secondary" onClick={() => setRecipes(recipes.filter((_, j) => j !== i))}>
              {t('remove')}
            </button>
          </fieldset>
        ))}
        <button type="button" class="secondary" onClick={() => setRecipes([...recipes, blankRecipe])}>
          {t('addRecipe')}
        </button>
        <button type="submit" disabled={form.busy}>
          {t('save')}
        </button>
      </form>
    </section>
  );
}
