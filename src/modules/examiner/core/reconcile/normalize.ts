// Normalisation of vendor names and bank descriptions into comparable tokens.

/** Words banks and bookkeepers add that say nothing about who was paid. */
const noiseWords = new Set([
  'card',
  'pos',
  'purchase',
  'debit',
  'credit',
  'payment',
  'pmt',
  'transfer',
  'trf',
  'sepa',
  'dd',
  'direct',
  'ltd',
  'limited',
  'inc',
  'llc',
  'gmbh',
  'plc',
  'co',
  'corp',
  'sa',
  'bv',
  'ag',
  'the',
  'and',
  'of',
  'sq',
  'visa',
  'mastercard',
  'mc',
  'contactless',
  'online',
  'www',
  'com',
  'ref',
  'inv',
  'invoice',
]);

/** Lower-cased, accent-free words of a text, without noise words, numbers and store or card codes. */
export function nameTokens(text: string): string[] {
  // Accents are stripped only when the text has non-ASCII characters: most bank text has none.
  const plain = (
    /[\u0080-\uffff]/.test(text) ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text
  ).toLowerCase();
  const out: string[] = [];
  const n = plain.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(plain.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let firstDigit = -1;
    for (; i < n && isWordChar(plain.charCodeAt(i)); i++) {
      const c = plain.charCodeAt(i);
      if (firstDigit < 0 && c >= 48 && c <= 57) firstDigit = i;
    }
    // Codes glued to a name ("volwintravel5210") keep their leading letters; pure codes go.
    const word = firstDigit < 0 ? plain.slice(start, i) : plain.slice(start, firstDigit);
    if (word.length < (firstDigit < 0 ? 2 : 3) || noiseWords.has(word)) continue;
    out.push(word);
  }
  return out;
}

/** ASCII letters and digits (text is lower-cased first). */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** A vendor name reduced to its comparable form ("ACME Supplies Ltd." -> "acme supplies"). */
export function normalizeVendor(vendor: string): string {
  return nameTokens(vendor).join(' ');
}

/**
 * The payee key of a bank description: its first two name tokens. Confirmed matches teach which
 * vendor a key stands for (learn.ts), so "AMZN MKTP" can learn to mean "amazon".
 */
export function payeeKey(description: string): string {
  return nameTokens(description).slice(0, 2).join(' ');
}

/** The digits of a reference ("INV-00123/A" -> "00123"), or '' when it holds none. */
export function referenceDigits(reference: string | undefined): string {
  if (reference === undefined) return '';
  return reference.replace(/\D+/g, '');
}
