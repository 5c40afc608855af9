// String similarity written for the matcher: Jaro-Winkler, token-set similarity and transposed digits.

let aScratch = new Uint8Array(64);
let bScratch = new Uint8Array(64);

/**
 * Jaro-Winkler similarity in [0, 1] (Winkler 1990, "String Comparator Metrics and Enhanced Decision
 * Rules in the Fellegi-Sunter Model of Record Linkage"), prefix scale 0.1 over at most 4 characters.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  // Scratch flags are reused across calls: the matcher calls this millions of times.
  if (a.length > aScratch.length || b.length > bScratch.length) {
    aScratch = new Uint8Array(Math.max(a.length, b.length) * 2);
    bScratch = new Uint8Array(Math.max(a.length, b.length) * 2);
  }
  const aHit = aScratch;
  const bHit = bScratch;
  aHit.fill(0, 0, a.length);
  bHit.fill(0, 0, b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bHit[j] === 1 || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      aHit[i] = 1;
      bHit[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (aHit[i] !== 1) continue;
    while (bHit[k] !== 1) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * How well the tokens of `wanted` (a vendor) are found in `found` (a bank description): each wanted
 * token takes its best Jaro-Winkler score among the found tokens, averaged with weight
 * length x tokenWeight (the matcher passes inverse document frequency, so "logistics" counts less than "pexly").
 * The joined strings are compared too, so "northwindtraders" still meets "northwind traders".
 */
export function tokenSetSimilarity(
  wanted: readonly string[],
  found: readonly string[],
  tokenWeight: (token: string) => number = () => 1,
): number {
  if (wanted.length === 0 || found.length === 0) return 0;
  let total = 0;
  let weight = 0;
  for (const w of wanted) {
    let best = 0;
    for (const f of found) {
      const s = jaroWinkler(w, f);
      if (s > best) best = s;
    }
    const tw = tokenWeight(w) * w.length;
    total += best * tw;
    weight += tw;
  }
  const tokenScore = total / weight;
  // The joined comparison can only help when tokens were split or glued differently.
  if (tokenScore >= 0.97 || wanted.length === found.length) return tokenScore;
  const joinedWanted = wanted.join('');
  const joinedFound = found.join('').slice(0, joinedWanted.length + 2);
  return Math.max(tokenScore, jaroWinkler(joinedWanted, joinedFound));
}

/** True when `b` is `a` with exactly one pair of adjacent, different characters swapped ("1243" vs "1234"). */
export function isAdjacentTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i + 1 >= a.length) return false;
  if (a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  return a.slice(i + 2) === b.slice(i + 2);
}
