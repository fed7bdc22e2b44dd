// The printable lot label: a QR code (made by the qrcode library) beside the lines a person reads.
import QRCode from 'qrcode';

export interface LabelContent {
  readonly url: string;
  readonly product: { zh: string; en: string };
  readonly village: { zh: string; en: string };
  readonly harvestedOn: string;
  readonly weightKg: number;
  readonly lotCode: string;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);

const TEXT_WIDTH = 470;
/** CJK glyphs are about 1 em wide, Latin ones about 0.6 em in the fonts named below. */
const estimatedWidth = (line: string, size: number) =>
  [...line].reduce((width, c) => width + (/[\u2e80-\u9fff\uff00-\uffef]/.test(c) ? 1 : 0.6), 0) * size;

/** A 100 × 60 mm label; the QR keeps its 4-module quiet zone and medium error correction. */
export async function renderLabel(content: LabelContent): Promise<string> {
  const qr = await QRCode.toString(content.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const nestedQr = qr.replace('<svg ', '<svg x="10" y="60" width="480" height="480" ');
  const lines: [string, number, number][] = [
    [content.product.zh, 40, 700],
    [content.product.en, 26, 400],
    [`${content.village.zh} · ${content.village.en}`, 26, 400],
    [`采收 Harvested ${content.harvestedOn}`, 26, 400],
    [`净重 Net ${content.weightKg} kg`, 26, 400],
    [content.lotCode, 32, 700],
  ];
  const text = lines
    .map(([line, size, weight], i) => {
      // Long lines are squeezed to the column rather than running off the label.
      const fit = estimatedWidth(line, size) > TEXT_WIDTH ? ` textLength="${TEXT_WIDTH}" lengthAdjust="spacingAndGlyphs"` : '';
      return `<text x="510" y="${130 + i * 75}" font-size="${size}" font-weight="${weight}"${fit}>${escapeXml(line)}</text>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="100mm" height="60mm" viewBox="0 0 1000 600" ` +
    `font-family="'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif" fill="#000">` +
    `<rect width="1000" height="600" fill="#fff"/>${nestedQr}${text}</svg>`
  );
}
