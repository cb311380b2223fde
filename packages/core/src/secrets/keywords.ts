/**
 * The keyword pre-filter: which of a set of lower-case keywords occur in a text, found in one
 * pass. gitleaks builds an Aho-Corasick automaton for this; here a bit set of trigrams does the
 * same job. Each keyword is indexed by its rarest three characters (`_pa` of `github_pat_`, not
 * `git`), so most positions of a text cost one table look-up and a miss, and only a position
 * holding such a trigram compares the whole keyword. A `String.includes` per keyword would read
 * the text once per keyword instead; this reads it once.
 */

const LOWER = new Uint8Array(256);
for (let i = 0; i < 256; i++) LOWER[i] = i >= 65 && i <= 90 ? i + 32 : i;

/** How common a character is in prose and code, roughly (lower is rarer); picks each keyword's anchor. */
function commonness(ch: string): number {
  if ('etaoinsrhl'.includes(ch)) return 12;
  if ('dcumfpgwyb'.includes(ch)) return 6;
  if (' .,:;()"\'/=-_\n'.includes(ch)) return 5;
  if ('vk0123456789'.includes(ch)) return 2;
  return 1; // x j q z and the rarer punctuation
}

interface Anchor {
  keyword: number;
  /** Where the trigram starts inside the keyword. */
  offset: number;
}

export class KeywordIndex {
  readonly keywords: readonly string[];
  private readonly bytes: Uint8Array[];
  /** One bit per possible trigram (2^24): is it some keyword's anchor? */
  private readonly bits = new Uint8Array(1 << 21);
  private readonly anchors = new Map<number, Anchor[]>();
  /** Keywords whose every position is wanted (the generic rule starts its regex there). */
  private readonly tracked: Uint8Array;

  constructor(keywords: Iterable<string>, tracked: Iterable<string> = []) {
    this.keywords = [...new Set(keywords)];
    this.bytes = this.keywords.map((k) => Buffer.from(k, 'latin1'));
    this.tracked = new Uint8Array(this.keywords.length);
    for (const k of tracked) this.tracked[this.keywords.indexOf(k)] = 1;
    this.keywords.forEach((keyword, index) => {
      if (keyword.length < 3 || keyword !== keyword.toLowerCase() || /[^\x20-\x7e]/.test(keyword)) {
        throw new Error(`Keyword ${JSON.stringify(keyword)} must be lower-case printable ASCII of at least 3 characters.`);
      }
      let offset = 0;
      let best = Infinity;
      for (let o = 0; o + 3 <= keyword.length; o++) {
        const score = commonness(keyword[o]) * commonness(keyword[o + 1]) * commonness(keyword[o + 2]);
        if (score < best) [best, offset] = [score, o];
      }
      const b = this.bytes[index];
      const t = (b[offset] << 16) | (b[offset + 1] << 8) | b[offset + 2];
      this.bits[t >>> 3] |= 1 << (t & 7);
      const list = this.anchors.get(t);
      if (list) list.push({ keyword: index, offset });
      else this.anchors.set(t, [{ keyword: index, offset }]);
    });
  }

  /**
   * Which keywords occur in `text`, case-insensitively (a flag per keyword), and the start of
   * every occurrence of the tracked ones. Characters beyond Latin-1 are read by their low byte,
   * which can add a candidate but never lose an ASCII keyword.
   */
  scan(text: string): { present: Uint8Array; positions: number[] } {
    const present = new Uint8Array(this.keywords.length);
    const positions: number[] = [];
    if (text.length < 3) return { present, positions };
    const b = Buffer.from(text, 'latin1');
    const n = b.length;
    const bits = this.bits;
    // An anchor whose keywords are all found (and none tracked) is switched off for the rest of
    // this text, so a common keyword costs one comparison, not one per occurrence.
    const cleared: number[] = [];
    let t = (LOWER[b[0]] << 8) | LOWER[b[1]];
    for (let i = 2; i < n; i++) {
      t = ((t << 8) | LOWER[b[i]]) & 0xffffff;
      if ((bits[t >>> 3] & (1 << (t & 7))) === 0) continue;
      let open = false;
      for (const { keyword, offset } of this.anchors.get(t)!) {
        const tracked = this.tracked[keyword] === 1;
        if (present[keyword] && !tracked) continue;
        const kb = this.bytes[keyword];
        const start = i - 2 - offset;
        if (start < 0 || start + kb.length > n || !matchesAt(b, start, kb)) {
          open = true;
          continue;
        }
        present[keyword] = 1;
        if (tracked) {
          positions.push(start);
          open = true;
        }
      }
      if (!open) {
        bits[t >>> 3] &= ~(1 << (t & 7));
        cleared.push(t);
      }
    }
    for (const c of cleared) bits[c >>> 3] |= 1 << (c & 7);
    positions.sort((x, y) => x - y);
    return { present, positions };
  }
}

function matchesAt(b: Uint8Array, start: number, keyword: Uint8Array): boolean {
  for (let j = 0; j < keyword.length; j++) if (LOWER[b[start + j]] !== keyword[j]) return false;
  return true;
}
