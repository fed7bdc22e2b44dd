// The village schema's coordinates: what DynamoDB can hold, to about a centimetre.
import { describe, expect, it } from 'vitest';
import { CreateVillage } from '../../../shared/villages/village';

describe('village coordinates', () => {
  const village = (lat: number, lng = 103.5) => ({ name: { zh: '村', en: 'V' }, province: 'P', county: 'C', location: { lat, lng } });

  it('accepts up to 7 decimals, including tiny values written in exponent form', () => {
    expect(CreateVillage.safeParse(village(30.1234567)).success).toBe(true);
    expect(CreateVillage.safeParse(village(0.0000005)).success).toBe(true);
  });

  it('refuses more decimals and values DynamoDB cannot store', () => {
    expect(CreateVillage.safeParse(village(30.12345678)).success).toBe(false);
    expect(CreateVillage.safeParse(village(1.5e-323)).success).toBe(false);
  });
});
