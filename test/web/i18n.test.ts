// The page's pure rules: which language to show, days since harvest in China's calendar, place names and dates.
import { describe, expect, it } from 'vitest';
import { daysSince, formatDate, inScript, preferredLang } from '../../web/i18n';

describe('preferredLang', () => {
  it('follows a stored choice over the browser', () => {
    expect(preferredLang('en', ['zh-CN'])).toBe('en');
    expect(preferredLang('zh', ['en-US'])).toBe('zh');
  });

  it('takes whichever of Chinese or English the browser lists first', () => {
    expect(preferredLang(null, ['zh-TW', 'en'])).toBe('zh');
    expect(preferredLang(null, ['fr-FR', 'zh-Hans-CN', 'en'])).toBe('zh');
    expect(preferredLang(null, ['en-GB', 'zh-CN'])).toBe('en');
  });

  it('falls back to English for other languages and ignores a stored value it does not know', () => {
    expect(preferredLang(null, ['fr-FR', 'de'])).toBe('en');
    expect(preferredLang('fr', ['zh-CN'])).toBe('zh');
    expect(preferredLang(null, [])).toBe('en');
  });
});

describe('daysSince', () => {
  it('counts calendar days in China, whatever the UTC date', () => {
    // 23:59 on 3 January in China is still 15:59 UTC on the 3rd; one minute later it is the 4th in China.
    expect(daysSince('2026-01-01', new Date('2026-01-03T15:59:00Z'))).toBe(2);
    expect(daysSince('2026-01-01', new Date('2026-01-03T16:00:00Z'))).toBe(3);
    expect(daysSince('2026-01-03', new Date('2026-01-02T16:30:00Z'))).toBe(0);
  });

  it('never goes below zero when a device clock runs behind', () => {
    expect(daysSince('2026-01-05', new Date('2026-01-03T00:00:00Z'))).toBe(0);
  });
});

describe('inScript', () => {
  it('keeps the reader-script half of a bilingual place name', () => {
    expect(inScript('Sichuan 四川', 'zh')).toBe('四川');
    expect(inScript('Sichuan 四川', 'en')).toBe('Sichuan');
  });

  it('leaves single-script names as they are', () => {
    expect(inScript('Shaanxi', 'zh')).toBe('Shaanxi');
    expect(inScript('陕西', 'en')).toBe('陕西');
    expect(inScript('Inner Mongolia', 'en')).toBe('Inner Mongolia');
  });
});

describe('formatDate', () => {
  it('shows a harvest date as that calendar day and a timestamp in China time', () => {
    expect(formatDate('2026-01-02', 'zh')).toBe('2026年1月2日');
    expect(formatDate('2026-01-02', 'en')).toBe('2 Jan 2026');
    expect(formatDate('2026-01-02T16:15:00.000Z', 'en')).toBe('3 Jan 2026, 00:15');
    expect(formatDate('2026-01-02T16:15:00.000Z', 'zh')).toBe('2026年1月3日 00:15');
  });

  it('shows text it cannot read as a date unchanged', () => {
    expect(formatDate('soon', 'en')).toBe('soon');
  });
});
