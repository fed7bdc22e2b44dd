// Demo data for the local stack, written through the same use cases the API runs, so the
// demo can never hold a record the API itself would refuse.
import type { Principal } from '../../shared/auth';
import * as agreements from '../../shared/agreements/use-cases';
import { putCrop } from '../../shared/crops/use-cases';
import { chinaDate } from '../../shared/dates';
import type { Deps } from '../../shared/deps';
import { recordLot } from '../../shared/lots/record-lot';
import * as lots from '../../shared/lots/use-cases';
import { recallOneLot } from '../../shared/recalls/use-cases';
import { noInvalidation } from '../../shared/scan/cache';
import { createStore } from '../../shared/stores/use-cases';
import { createVillage } from '../../shared/villages/use-cases';

export interface DemoManifest {
  villages: { villageId: string; name: string }[];
  stores: { storeId: string; webhookSecret: string }[];
  agreements: { agreementId: string; villageId: string; crop: string }[];
  lots: { lotCode: string; crop: string; qrUrl: string; status: string; quantityKg: number; shippedTo?: string }[];
}

const OPS: Principal = { role: 'ops', subject: 'seed-ops' };

const daysFrom = (date: Date, days: number) => chinaDate(new Date(date.getTime() + days * 86_400_000));

export async function seedDemo(deps: Deps): Promise<DemoManifest> {
  const today = deps.now();

  await putCrop(deps, 'dekopon', {
    name: { zh: '不知火柑', en: 'Dekopon mandarin' },
    recipes: [
      {
        title: { zh: '不知火果粒酸奶杯', en: 'Dekopon yoghurt cup' },
        minutes: 10,
        ingredients: {
          zh: ['不知火 2 个', '原味酸奶 200 克', '燕麦片 30 克', '蜂蜜 1 勺'],
          en: ['2 dekopon', '200 g plain yoghurt', '30 g rolled oats', '1 tbsp honey'],
        },
        steps: {
          zh: ['剥皮去络，果肉掰成小块。', '杯中依次铺燕麦、酸奶和果肉。', '淋上蜂蜜即可。'],
          en: ['Peel the fruit and break it into segments.', 'Layer oats, yoghurt and fruit in a glass.', 'Drizzle with honey and serve.'],
        },
      },
      {
        title: { zh: '柑橘烤鸡腿', en: 'Citrus roast chicken thighs' },
        minutes: 45,
        ingredients: {
          zh: ['鸡腿 4 只', '不知火 1 个（榨汁取皮）', '蒜 3 瓣', '生抽 2 勺'],
          en: ['4 chicken thighs', '1 dekopon, juiced and zested', '3 garlic cloves', '2 tbsp light soy sauce'],
        },
        steps: {
          zh: ['果汁、果皮、蒜末和生抽调成腌料。', '鸡腿腌 20 分钟。', '200°C 烤 25 分钟。'],
          en: ['Mix juice, zest, garlic and soy sauce.', 'Marinate the chicken for 20 minutes.', 'Roast at 200 °C for 25 minutes.'],
        },
      },
    ],
  });
  await putCrop(deps, 'strawberry', {
    name: { zh: '草莓', en: 'Strawberry' },
    recipes: [
      {
        title: { zh: '草莓大福', en: 'Strawberry daifuku' },
        minutes: 40,
        ingredients: {
          zh: ['草莓 8 颗', '糯米粉 100 克', '红豆沙 160 克', '白糖 30 克'],
          en: ['8 strawberries', '100 g glutinous rice flour', '160 g red bean paste', '30 g sugar'],
        },
        steps: {
          zh: ['红豆沙包住草莓。', '糯米粉加糖和水蒸熟成团。', '分 8 份包住草莓即成。'],
          en: [
            'Wrap each strawberry in bean paste.',
            'Steam flour, sugar and water into a dough.',
            'Divide into 8 and wrap each strawberry.',
          ],
        },
      },
    ],
  });

  const danling = await createVillage(deps, {
    name: { zh: '龙鹄村', en: 'Longhu Village' },
    province: 'Sichuan 四川',
    county: 'Danling 丹棱',
    location: { lat: 30.0142, lng: 103.5187 },
    story: {
      zh: '龙鹄村坐落在丹棱县的丘陵间，村民种植不知火已有二十年。',
      en: 'Longhu sits in the hills of Danling County, where families have grown dekopon for twenty years.',
    },
    specialties: ['dekopon'],
  });
  const chongming = await createVillage(deps, {
    name: { zh: '港沿村', en: 'Gangyan Village' },
    province: 'Shanghai 上海',
    county: 'Chongming 崇明',
    story: {
      zh: '港沿村的草莓大棚紧邻长江口，采用生态种植。',
      en: "Gangyan's strawberry greenhouses stand by the Yangtze estuary and are farmed ecologically.",
    },
    specialties: ['strawberry'],
  });

  const stores = [
    await createStore(deps, { storeId: 'sh-hongqiao-001', name: { zh: '盒马虹桥店', en: 'Hongqiao store' }, city: 'Shanghai' }),
    await createStore(deps, { storeId: 'cd-jinjiang-002', name: { zh: '盒马锦江店', en: 'Jinjiang store' }, city: 'Chengdu' }),
  ];

  const window = { from: daysFrom(today, -30), to: daysFrom(today, 60) };
  const dekopon = await agreements.createAgreement(deps, OPS, {
    villageId: danling.villageId,
    crop: 'dekopon',
    variety: 'Shiranui',
    gtin: '06931234567899',
    committedKg: 20_000,
    tolerancePct: 5,
    prices: [
      { grade: 'A', fenPerKg: 1280 },
      { grade: 'B', fenPerKg: 960 },
    ],
    deliveryWindow: window,
  });
  const strawberry = await agreements.createAgreement(deps, OPS, {
    villageId: chongming.villageId,
    crop: 'strawberry',
    committedKg: 3_000,
    tolerancePct: 0,
    prices: [{ grade: 'A', fenPerKg: 3600 }],
    deliveryWindow: window,
  });

  const staff = (villageId: string): Principal => ({ role: 'village', subject: 'seed-staff', villageId });
  const intake = [
    { agreement: dekopon, grade: 'A', quantityKg: 812.5, daysAgo: 2, field: 'East terrace', store: 'cd-jinjiang-002' },
    { agreement: dekopon, grade: 'B', quantityKg: 406.25, daysAgo: 1, field: 'River plot', store: 'sh-hongqiao-001' },
    { agreement: dekopon, grade: 'A', quantityKg: 1000, daysAgo: 0, field: 'East terrace' },
    { agreement: strawberry, grade: 'A', quantityKg: 120.345, daysAgo: 1, field: 'Greenhouse 3', store: 'sh-hongqiao-001' },
    { agreement: strawberry, grade: 'A', quantityKg: 64, daysAgo: 3, field: 'Greenhouse 1', store: 'sh-hongqiao-001', recall: true },
  ];
  const demoLots = [];
  for (const [i, item] of intake.entries()) {
    const { lot } = await recordLot(deps, staff(item.agreement.villageId), item.agreement.agreementId, {
      clientLotId: `seed-${i + 1}`,
      grade: item.grade,
      quantityKg: item.quantityKg,
      harvestedOn: daysFrom(today, -item.daysAgo),
      field: item.field,
      destinationStoreId: item.store,
    });
    let shipped =
      item.store && item.daysAgo > 0
        ? await lots.dispatchLot(deps, OPS, lot.lotCode, { storeId: item.store, dispatchedAt: today.toISOString() })
        : lot;
    if (item.recall) {
      ({ lot: shipped } = await recallOneLot(deps, noInvalidation, OPS, lot.lotCode, {
        reason: {
          zh: '该批次农残抽检复核中，请暂勿食用，可凭小票全额退款。',
          en: 'This lot is under pesticide re-testing. Please do not eat it; bring your receipt for a full refund.',
        },
      }));
    }
    demoLots.push({
      lotCode: lot.lotCode,
      crop: lot.crop,
      qrUrl: lot.qrUrl,
      status: shipped.recall ? 'recalled' : shipped.status,
      quantityKg: lot.quantityKg,
      shippedTo: shipped.journey.find((step) => step.step === 'shipped')?.storeId,
    });
  }

  return {
    villages: [danling, chongming].map((v) => ({ villageId: v.villageId, name: v.name.en })),
    stores: stores.map((s) => ({ storeId: s.storeId, webhookSecret: s.webhookSecret })),
    agreements: [dekopon, strawberry].map((a) => ({ agreementId: a.agreementId, villageId: a.villageId, crop: a.crop })),
    lots: demoLots,
  };
}
